using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Surveys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin.Surveys;

/// <summary>One survey: change it (its questions only while nobody has answered), open it, send it to its group, close it.</summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class EditModel(SaveSurvey save, SendSurvey send, SurveyQueries queries, IStringLocalizer<SurveysText> text) : SurveyPageModel
{
    public Survey? Survey { get; private set; }

    public bool HasResponses { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = SurveyInput.From(Survey!);
        Input.AddBlankRows();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!ModelState.IsValid) return Refused(null);
        var outcome = await save.UpdateAsync(id, Input.ToRequest(), ct);
        if (outcome.Problem is { } problem) return Refused(problem);
        Message = text["The survey is saved."];
        return LocalRedirect($"/admin/surveys/{id}");
    }

    public async Task<IActionResult> OnPostOpenAsync(int id, CancellationToken ct) =>
        await StepAsync(id, await save.OpenAsync(id, ct), text["The survey is open: send it to its group, or it waits for completed visits."], ct);

    public async Task<IActionResult> OnPostCloseAsync(int id, CancellationToken ct) =>
        await StepAsync(id, await save.CloseAsync(id, ct), text["The survey is closed: its links no longer take answers."], ct);

    public async Task<IActionResult> OnPostSendAsync(int id, CancellationToken ct)
    {
        var outcome = await send.HandleAsync(id, ct);
        return await StepAsync(id, outcome, outcome.Value is { } sent ? sent.Objected > 0
            ? text["{0} new invitations are on their way by e-mail; {1} left out who objected to surveys.", sent.Invited, sent.Objected]
            : text["{0} new invitations are on their way by e-mail.", sent.Invited] : "", ct);
    }

    private async Task<IActionResult> StepAsync<T>(int id, Outcome<T> outcome, string done, CancellationToken ct)
    {
        if (outcome.Problem is { Status: StatusCodes.Status404NotFound }) return NotFound();
        if (outcome.Problem is { } problem)
        {
            await LoadAsync(id, ct);
            Input = SurveyInput.From(Survey!);
            ModelState.Clear();
            ModelState.AddModelError("", $"{problem.Title} {problem.Detail}");
            Input.AddBlankRows();
            Response.StatusCode = problem.Status;
            return Page();
        }
        Message = done;
        return LocalRedirect($"/admin/surveys/{id}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        Survey = await queries.FindAsync(id, ct);
        if (Survey is null) return false;
        HasResponses = await queries.HasResponsesAsync(id, ct);
        return true;
    }
}
