using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Messaging;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.HelpDesk;

/// <summary>An agent works one request: the whole conversation with the notes, an answer or a note, and its assignment, status and priority.</summary>
[Authorize(Policy = AccountPolicies.SupportAgent)]
public sealed class WorkModel(TicketQueries queries, AnswerTicket answer, UpdateTicket update, CannedAnswers saved, IOptions<HelpDeskOptions> options,
    IStringLocalizer<HelpDeskText> text, IStringLocalizer<MessagingText> fileText) : PageModel
{
    public sealed class AnswerInput
    {
        public string? Kind { get; set; } = "reply";
        public string? Message { get; set; }
        public string? Status { get; set; }
        public IFormFile? File { get; set; }
    }

    public sealed class UpdateInput
    {
        public string? Assignee { get; set; }
        public string? Status { get; set; }
        public string? Priority { get; set; }
    }

    public TicketView View { get; private set; } = null!;

    public IReadOnlyList<AgentChoice> Agents { get; private set; } = [];

    public IReadOnlyList<CannedAnswerView> SavedAnswers { get; private set; } = [];

    /// <summary>A saved answer to start the reply from (<c>?answer=</c>): it fills the message box, to adapt before sending.</summary>
    [BindProperty(SupportsGet = true, Name = "answer")]
    public Guid? StartFrom { get; set; }

    public NodaTime.DateTimeZone Zone => options.Value.Zone;

    [BindProperty]
    public AnswerInput Input { get; set; } = new();

    [BindProperty]
    public UpdateInput Change { get; set; } = new();

    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, string? done, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (StartFrom is { } start && SavedAnswers.FirstOrDefault(a => a.Id == start) is { } chosen) Input.Message = chosen.Body;
        Notice = done switch
        {
            "reply" => text["The answer has been sent to the requester."].Value,
            "internal-note" => text["The note has been added."].Value,
            "update" => text["The request has been updated."].Value,
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAnswerAsync(long id, CancellationToken ct)
    {
        var (file, tooLarge) = await AttachmentForm.ReadFileAsync(Input.File, ModelState, "Input.File", fileText, ct);
        var outcome = tooLarge ? UseCaseProblem.Invalid(new Dictionary<string, string[]>())
            : await answer.HandleAsync(id, TicketReader.From(User, null), new AnswerTicketRequest(Input.Kind, Input.Message, Input.Status), ct, file);
        return await AfterAsync(id, outcome.Problem, "Input", $"/support/tickets/{id}?done={Uri.EscapeDataString(Input.Kind ?? "")}", ct);
    }

    public async Task<IActionResult> OnPostUpdateAsync(long id, CancellationToken ct)
    {
        var outcome = await update.HandleAsync(id, TicketReader.From(User, null), new UpdateTicketRequest(Change.Assignee, Change.Status, Change.Priority), ct);
        return await AfterAsync(id, outcome.Problem, "Change", $"/support/tickets/{id}?done=update", ct);
    }

    private async Task<IActionResult> AfterAsync(long id, UseCaseProblem? problem, string prefix, string done, CancellationToken ct)
    {
        if (problem is { Status: StatusCodes.Status404NotFound }) return NotFound();
        if (problem is null) return LocalRedirect(done);
        if (problem.Errors is { } errors)
        {
            foreach (var (field, messages) in errors) ModelState.AddModelError($"{prefix}.{char.ToUpperInvariant(field[0])}{field[1..]}", messages[0]);
        }
        else
        {
            ModelState.AddModelError("", $"{problem.Title} {problem.Detail}");
        }
        if (await LoadAsync(id, ct) is { } missing) return missing;
        Response.StatusCode = problem.Status;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken ct)
    {
        if (await queries.OneAsync(id, TicketReader.From(User, null), ct) is not { } view) return NotFound();
        View = view;
        Agents = await queries.AgentsAsync(ct);
        SavedAnswers = await saved.ListAsync(ct);
        Change.Assignee ??= view.AssigneeId?.ToString() ?? "none";
        Change.Status ??= view.Status;
        Change.Priority ??= view.Priority;
        return null;
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;

    public string FileUrl(Guid fileId) => $"/support/tickets/{View.Id}/files/{fileId}";

    public static readonly IReadOnlyList<string> FieldOrder = ["Input.Kind", "Input.Message", "Input.Status", "Input.File", "Change.Assignee", "Change.Status", "Change.Priority"];
}
