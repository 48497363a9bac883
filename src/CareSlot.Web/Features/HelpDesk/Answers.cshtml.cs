using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.HelpDesk;

/// <summary>The agents' saved answers: the list, and a form that writes a new one or changes the one chosen (<c>?id=</c>).</summary>
[Authorize(Policy = AccountPolicies.SupportAgent)]
public sealed class AnswersModel(CannedAnswers saved) : PageModel
{
    public sealed class AnswerInput
    {
        public string? Title { get; set; }
        public string? Body { get; set; }
    }

    public IReadOnlyList<CannedAnswerView> Answers { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "id")]
    public Guid? Editing { get; set; }

    [BindProperty]
    public AnswerInput Input { get; set; } = new();

    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        if (Editing is { } id)
        {
            if (await saved.FindAsync(id, ct) is not { } answer) return NotFound();
            Input = new AnswerInput { Title = answer.Title, Body = answer.Body };
        }
        Notice = done is "saved" or "deleted" ? done : null;
        Answers = await saved.ListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await saved.SaveAsync(Editing, new CannedAnswerRequest(Input.Title, Input.Body), ct);
        if (outcome.Problem is { Status: StatusCodes.Status404NotFound }) return NotFound();
        if (outcome.Problem is { } problem)
        {
            ModelState.AddProblem(problem);
            Answers = await saved.ListAsync(ct);
            Response.StatusCode = problem.Status;
            return Page();
        }
        return LocalRedirect("/support/answers?done=saved");
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct) =>
        Editing is { } id && await saved.DeleteAsync(id, ct) is null ? LocalRedirect("/support/answers?done=deleted") : NotFound();

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;

    public static readonly IReadOnlyList<string> FieldOrder = ["Input.Title", "Input.Body"];
}
