using System.ComponentModel.DataAnnotations;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Disputes;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin.Disputes;

/// <summary>
/// One dispute for administrators: its facts, SLA clock and whole history with the statements (the read is audited), and the
/// forms to assign it, ask the parties and resolve it. Every refusal comes from the use cases, as the API's does.
/// </summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class DisputeModel(CareSlotDb db, DisputeQueries queries, IStringLocalizer<DisputesText> text) : PageModel
{
    public DisputeView View { get; private set; } = null!;
    public DisputeSla Sla { get; private set; } = null!;
    public IReadOnlyList<DisputeAssignee> Assignees { get; private set; } = [];
    public Guid Me { get; private set; }

    [BindProperty] public AssignmentInput Assignment { get; set; } = new();
    [BindProperty] public QuestionInput Question { get; set; } = new();
    [BindProperty] public ResolutionInput Resolution { get; set; } = new();

    public sealed class AssignmentInput
    {
        public string? AssigneeId { get; set; }
    }

    public sealed class QuestionInput
    {
        public string? Audience { get; set; }

        [DataType(DataType.MultilineText)]
        public string? Text { get; set; }
    }

    public sealed class ResolutionInput
    {
        public string? Outcome { get; set; }

        [DataType(DataType.MultilineText)]
        public string? Explanation { get; set; }
    }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostAssignAsync(Guid id, [FromServices] AssignDispute assign, CancellationToken ct)
    {
        Guid? assignee = Guid.TryParse(Assignment.AssigneeId, out var chosen) ? chosen : null;
        if (assignee is null) ModelState.AddModelError("Assignment.AssigneeId", text["Choose an active administrator."]);
        return ActAsync(id, () => assign.HandleAsync(User, id, new AssignDisputeRequest(assignee), ct),
            new Dictionary<string, string>(StringComparer.Ordinal) { ["assigneeId"] = "Assignment.AssigneeId" }, text["The dispute is assigned."], ct);
    }

    public Task<IActionResult> OnPostAskAsync(Guid id, [FromServices] AskParties ask, CancellationToken ct) =>
        ActAsync(id, () => ask.HandleAsync(User, id, new AskPartiesRequest(Question.Audience, Question.Text), ct),
            new Dictionary<string, string>(StringComparer.Ordinal) { ["audience"] = "Question.Audience", ["question"] = "Question.Text" },
            text["The question is sent. The dispute awaits a party."], ct);

    public Task<IActionResult> OnPostResolveAsync(Guid id, [FromServices] ResolveDispute resolve, CancellationToken ct) =>
        ActAsync(id, () => resolve.HandleAsync(User, id, new ResolveDisputeRequest(Resolution.Outcome, Resolution.Explanation), ct),
            new Dictionary<string, string>(StringComparer.Ordinal) { ["outcome"] = "Resolution.Outcome", ["explanation"] = "Resolution.Explanation" },
            text["The dispute is resolved. Both parties have been told."], ct);

    /// <param name="fields">The use case's field names and the form's, so its problems land next to the fields.</param>
    private async Task<IActionResult> ActAsync(Guid id, Func<Task<Outcome<Dispute>>> act, Dictionary<string, string> fields, string done, CancellationToken ct)
    {
        var status = StatusCodes.Status400BadRequest;
        if (ModelState.IsValid)
        {
            var outcome = await act();
            if (outcome.Problem is not { } problem)
            {
                Message = done;
                return RedirectToPage(new { id });
            }
            if (problem.Status == StatusCodes.Status404NotFound) return NotFound();
            status = problem.Status;
            if (problem.Errors is { } errors)
            {
                foreach (var (field, messages) in errors) ModelState.AddModelError(fields.GetValueOrDefault(field, ""), messages[0]);
            }
            else
            {
                ModelState.AddModelError("", $"{problem.Title} {problem.Detail}");
            }
        }
        if (!await LoadAsync(id, ct)) return NotFound();
        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await queries.ForAdminAsync(User, id, ct) is not { } view) return false;
        View = view;
        Sla = queries.Sla(view);
        Assignees = await queries.AssigneesAsync(ct);
        Me = await Viewer.FromAsync(User, db, ct) is { } viewer ? viewer.AccountId : Guid.Empty;
        return true;
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;

    public static readonly IReadOnlyList<string> FieldOrder =
        ["Assignment.AssigneeId", "Question.Audience", "Question.Text", "Resolution.Outcome", "Resolution.Explanation"];
}
