using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Messaging;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.HelpDesk;

/// <summary>A file of a help request for its requester (a visitor by the key in their link), as messaging's attachments are served.</summary>
[Authorize(Policy = AccountPolicies.Anyone)]
public sealed class FileModel(TicketDesk desk) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, Guid fileId, string? key, CancellationToken ct)
    {
        if (await desk.FileAsync(id, fileId, TicketReader.From(User, key) with { IsAgent = false }, ct) is not { } file) return NotFound();
        MessagingApi.AttachmentHeaders(Response);
        return File(file.Content, file.ContentType, file.FileName);
    }
}
