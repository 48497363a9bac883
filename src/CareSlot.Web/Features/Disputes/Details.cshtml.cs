using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Messaging;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Disputes;

/// <summary>
/// A party's dispute: its history, the form to add a statement (and a file) while it is in progress, and for the one who
/// opened it, withdrawing. Anyone else's is 404; every refusal comes from the use cases, as the API's does.
/// </summary>
[Authorize(Policy = AccountPolicies.PatientOrStaffWithSecondFactor)]
[RequestSizeLimit(MessagingApi.MaxUploadRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MessagingApi.MaxUploadRequestBytes)]
public sealed class DetailsModel(DisputeQueries queries, IStringLocalizer<DisputesText> text, IStringLocalizer<MessagingText> fileText) : PageModel
{
    public DisputeView View { get; private set; } = null!;

    [BindProperty]
    public StatementInput Input { get; set; } = new();

    /// <summary>What the last step did (after a redirect): opened, added or withdrawn.</summary>
    [FromQuery(Name = "done")]
    public string? Done { get; set; }

    [FromQuery(Name = "opened")]
    public bool JustOpened { get; set; }

    public string? Notice => JustOpened ? text["Your dispute is open. An administrator will take it on; you will be told by e-mail at each step."].Value
        : Done switch
        {
            "statement" => text["Your statement has been added."].Value,
            "withdrawn" => text["The dispute is withdrawn."].Value,
            _ => null,
        };

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostStatementAsync(Guid id, [FromServices] AddStatement add, CancellationToken ct)
    {
        if (!ModelState.IsValid) return await RefusedAsync(id, StatusCodes.Status400BadRequest, ct);
        var (upload, tooLarge) = await AttachmentForm.ReadFileAsync(Input.File, ModelState, "Input.File", fileText, ct);
        if (tooLarge) return await RefusedAsync(id, StatusCodes.Status400BadRequest, ct);
        var outcome = await add.HandleAsync(User, id, new AddStatementRequest(Input.Statement), upload, ct);
        if (outcome.Problem is { } problem)
        {
            if (problem.Status == StatusCodes.Status404NotFound) return NotFound();
            ModelState.AddProblem(problem);
            return await RefusedAsync(id, problem.Status, ct);
        }
        return LocalRedirect($"/disputes/{id}?done=statement#step-{outcome.Value!.Id}");
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, [FromServices] WithdrawDispute withdraw, CancellationToken ct)
    {
        var outcome = await withdraw.HandleAsync(User, id, ct);
        if (outcome.Problem is { } problem)
        {
            if (problem.Status == StatusCodes.Status404NotFound) return NotFound();
            ModelState.AddProblem(problem);
            return await RefusedAsync(id, problem.Status, ct);
        }
        return LocalRedirect($"/disputes/{id}?done=withdrawn");
    }

    private async Task<IActionResult> RefusedAsync(Guid id, int status, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused) return refused;
        Response.StatusCode = status;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await queries.ForPartyAsync(User, id, ct) is not { } view) return NotFound();
        View = view;
        return null;
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;

    public static readonly IReadOnlyList<string> FieldOrder = ["Input.Statement", "Input.File"];
}
