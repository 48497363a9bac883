using CareSlot.Web.Platform.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Accounts;

[EnableRateLimiting(RateLimitingExtensions.Accounts)]
public sealed class ForgotPasswordModel(PasswordReset passwordReset, IOptions<AccountOptions> options) : PageModel
{
    [BindProperty] public string? Email { get; set; }

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await passwordReset.RequestAsync(Email, Request.PublicOrigin(options.Value), ct);
        Sent = true;
        return Page();
    }
}
