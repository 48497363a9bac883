using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Messaging;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.HelpDesk;

/// <summary>
/// One help request as its requester sees it — by their account, or as a visitor by the key in the link they were
/// e-mailed — with the answers (never the agents' notes) and a form to reply. Anyone else: 404.
/// </summary>
[Authorize(Policy = AccountPolicies.Anyone)]
public sealed class TicketModel(TicketQueries queries, ReplyToTicket reply, IOptions<HelpDeskOptions> options, IStringLocalizer<HelpDeskText> text,
    IStringLocalizer<MessagingText> fileText) : PageModel
{
    public TicketView View { get; private set; } = null!;

    public NodaTime.DateTimeZone Zone => options.Value.Zone;

    [BindProperty(SupportsGet = true, Name = "key")]
    public string? Key { get; set; }

    [BindProperty]
    public string? Message { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, bool opened, bool replied, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        Notice = opened ? text["Your request {0} has been sent. We have e-mailed you a confirmation.", View.Reference].Value
            : replied ? text["Your reply has been added."].Value : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var (file, tooLarge) = await AttachmentForm.ReadFileAsync(Upload, ModelState, nameof(Upload), fileText, ct);
        var outcome = tooLarge ? UseCaseProblem.Invalid(new Dictionary<string, string[]>())
            : await reply.HandleAsync(id, Reader, new TicketReplyRequest(Message), ct, file);
        if (outcome.Problem is { Status: StatusCodes.Status404NotFound }) return NotFound();
        if (outcome.Problem is { } problem)
        {
            if (problem.Errors is { } errors)
            {
                foreach (var (field, messages) in errors) ModelState.AddModelError(field == "file" ? nameof(Upload) : nameof(Message), messages[0]);
            }
            else ModelState.AddModelError("", $"{problem.Title} {problem.Detail}");
            if (await LoadAsync(id, ct) is { } missing) return missing;
            Response.StatusCode = problem.Status;
            return Page();
        }
        return LocalRedirect(Key is null ? $"/help/tickets/{id}?replied=true" : $"/help/tickets/{id}?key={Uri.EscapeDataString(Key)}&replied=true");
    }

    /// <summary>Where the requester downloads a file of their request: a visitor's link carries their key.</summary>
    public string FileUrl(Guid fileId) =>
        Key is null ? $"/help/tickets/{View.Id}/files/{fileId}" : $"/help/tickets/{View.Id}/files/{fileId}?key={Uri.EscapeDataString(Key)}";

    private TicketReader Reader => TicketReader.From(User, Key) with { IsAgent = false };

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken ct)
    {
        if (await queries.OneAsync(id, Reader, ct) is not { } view) return NotFound();
        View = view;
        return null;
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;

    public static readonly IReadOnlyList<string> FieldOrder = [nameof(Message), nameof(Upload)];
}
