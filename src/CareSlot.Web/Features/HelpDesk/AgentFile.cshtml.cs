using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Messaging;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.HelpDesk;

/// <summary>A file of a help request for the agents, its notes' files included; each read is audited.</summary>
[Authorize(Policy = AccountPolicies.SupportAgent)]
public sealed class AgentFileModel(TicketDesk desk) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, Guid fileId, CancellationToken ct)
    {
        if (await desk.FileAsync(id, fileId, TicketReader.From(User, null), ct) is not { } file) return NotFound();
        MessagingApi.AttachmentHeaders(Response);
        return File(file.Content, file.ContentType, file.FileName);
    }
}
