using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Messaging;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Disputes;

/// <summary>
/// A file of a dispute as a download, as messaging's attachments are served: for its parties, and for administrators (audited).
/// Anyone else gets 404.
/// </summary>
[Authorize(Policy = AccountPolicies.PatientOrStaffWithSecondFactor)]
public sealed class FileModel(DisputeQueries queries) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, Guid fileId, CancellationToken ct)
    {
        if (await queries.FileAsync(User, id, fileId, ct) is not { } file) return NotFound();
        MessagingApi.AttachmentHeaders(Response);
        return File(file.Content, file.ContentType, file.FileName);
    }
}
