using CareSlot.Web.Platform.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Accounts;

[EnableRateLimiting(RateLimitingExtensions.Accounts)]
public sealed class ForgotPasswordModel(PasswordReset passwordReset, AccountRateLimiter perAccount, IStringLocalizer<AccountsText> text) : PageModel
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
        if (await perAccount.RefusalAsync(Email, ct) is { } wait)
        {
            ModelState.AddModelError(nameof(Email), TooManyMessage(text, wait));
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Page();
        }
        await passwordReset.RequestAsync(Email, ct);
        Sent = true;
        return Page();
    }

    internal static string TooManyMessage(IStringLocalizer<AccountsText> text, TimeSpan wait) =>
        (int)Math.Ceiling(wait.TotalMinutes) is var minutes && minutes == 1
            ? text["We have sent several messages to this address recently. Please wait 1 minute before asking again."]
            : text["We have sent several messages to this address recently. Please wait {0} minutes before asking again.", minutes];
}
