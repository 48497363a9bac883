using System.ComponentModel.DataAnnotations;
using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Messaging;

/// <summary>
/// One conversation: its messages oldest first, the form to write (with one attachment) and, for the doctor, the button
/// that closes it. Every answer comes from the use cases, which ask <see cref="ConversationAuthorizationHandler"/>, so the
/// page cannot be more lenient than the API. Without JavaScript the form posts and the page reloads; with it, messages.js
/// fetches the messages again when the hub says the conversation changed.
/// </summary>
[Authorize(Policy = AccountPolicies.PatientOrStaffWithSecondFactor)]
[RequestSizeLimit(MessagingApi.MaxUploadRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MessagingApi.MaxUploadRequestBytes)]
public sealed class ConversationModel(ConversationQueries queries, SendMessage send, CloseConversation close, IStringLocalizer<MessagingText> text)
    : PageModel
{
    public ConversationView View { get; private set; } = null!;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [DataType(DataType.MultilineText)]
        public string? Body { get; set; }

        public IFormFile? Attachment { get; set; }
    }

    [FromQuery(Name = "sent")]
    public bool JustSent { get; set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await ShowAsync(id, ct) ?? Page();

    /// <summary>The messages alone, for the page's script to put in place of the old ones.</summary>
    public async Task<IActionResult> OnGetMessagesAsync(Guid id, CancellationToken ct)
    {
        if (await ShowAsync(id, ct) is { } refused) return refused;
        Response.Headers.CacheControl = "no-store";
        return Partial("_Messages", View);
    }

    public async Task<IActionResult> OnPostSendAsync(Guid id, CancellationToken ct)
    {
        if (!ModelState.IsValid) return await RefusedAsync(id, StatusCodes.Status400BadRequest, ct);
        AttachmentUpload? upload = null;
        if (Input.Attachment is { Length: > 0 } file)
        {
            if (file.Length > MessageAttachment.MaxBytes)
            {
                ModelState.AddModelError("Input.Attachment", text["The file is larger than 10 MB."]);
                return await RefusedAsync(id, StatusCodes.Status400BadRequest, ct);
            }
            upload = await MessagingApi.UploadAsync(file, ct);
        }
        var outcome = await send.HandleAsync(User, id, new SendMessageRequest(Input.Body), upload, ct);
        if (outcome.Problem is { } problem)
        {
            if (problem.Status == StatusCodes.Status404NotFound) return NotFound();
            if (problem.Errors is { } errors) ModelState.AddInputErrors(errors.AsReadOnly());
            else Problem = $"{problem.Title} {problem.Detail}";
            return await RefusedAsync(id, problem.Status, ct);
        }
        return LocalRedirect($"/messages/{id}?sent=true#message-{outcome.Value!.Id}");
    }

    public async Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken ct)
    {
        var outcome = await close.HandleAsync(User, id, ct);
        return outcome.Problem is null ? LocalRedirect($"/messages/{id}") : NotFound();
    }

    private async Task<IActionResult> RefusedAsync(Guid id, int status, CancellationToken ct)
    {
        if (await ShowAsync(id, ct) is { } refused) return refused;
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>Loads the conversation; a result (404) when the viewer may not read it.</summary>
    private async Task<IActionResult?> ShowAsync(Guid id, CancellationToken ct)
    {
        var outcome = await queries.OpenAsync(User, id, ct);
        if (outcome.Problem is not null) return NotFound();
        View = outcome.Value!;
        return null;
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;

    public static readonly IReadOnlyList<string> FieldOrder = ["Input.Body", "Input.Attachment"];
}
