using CareSlot.Web.Platform.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace CareSlot.Web.Features.Accounts;

/// <summary>
/// Opening the link verifies: mail scanners that prefetch links would also verify, which is acceptable
/// because the link proves control of the mailbox either way.
/// </summary>
[EnableRateLimiting(RateLimitingExtensions.Accounts)]
public sealed class VerifyEmailModel(EmailVerification emailVerification) : PageModel
{
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? token)
    {
        Error = await emailVerification.ConfirmAsync(token);
        if (Error is not null) Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
