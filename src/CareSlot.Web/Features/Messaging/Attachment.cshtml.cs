using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Messaging;

/// <summary>
/// An attachment as a download: Content-Disposition attachment with its sanitized name, the type its content showed when
/// sent, nosniff, never cached. Someone else's answers 404.
/// </summary>
[Authorize(Policy = AccountPolicies.PatientOrStaffWithSecondFactor)]
public sealed class AttachmentModel(ConversationQueries queries) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, Guid attachmentId, CancellationToken ct)
    {
        var outcome = await queries.ReadAttachmentAsync(User, id, attachmentId, ct);
        if (outcome.Problem is not null) return NotFound();
        MessagingApi.AttachmentHeaders(Response);
        var file = outcome.Value!;
        return File(file.Content, file.ContentType, file.FileName);
    }
}

/// <summary>A file's size as people read it.</summary>
public static class AttachmentSize
{
    public static string Display(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{Math.Round(bytes / 1024.0, 0).ToString(System.Globalization.CultureInfo.CurrentCulture)} KB",
        _ => $"{Math.Round(bytes / (1024.0 * 1024.0), 1).ToString(System.Globalization.CultureInfo.CurrentCulture)} MB",
    };
}
