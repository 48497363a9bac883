using CareSlot.Web.Platform.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace CareSlot.Web.Features.Accounts;

[EnableRateLimiting(RateLimitingExtensions.Accounts)]
public sealed class ForgotPasswordModel(PasswordReset passwordReset, AccountRateLimiter perAccount) : PageModel
{
    [BindProperty] public string? Email { get; set; }

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (perAccount.Refusal(Email) is { } wait)
        {
            ModelState.AddModelError(nameof(Email), TooManyMessage(wait));
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Page();
        }
        await passwordReset.RequestAsync(Email, ct);
        Sent = true;
        return Page();
    }

    internal static string TooManyMessage(TimeSpan wait) =>
        $"We have sent several messages to this address recently. Please wait {(int)Math.Ceiling(wait.TotalMinutes)} minutes before asking again.";
}
