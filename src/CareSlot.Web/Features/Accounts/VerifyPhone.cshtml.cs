using CareSlot.Web.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Accounts;

[EnableRateLimiting(RateLimitingExtensions.Accounts)]
public sealed class VerifyPhoneModel(UserManager<Account> users, PhoneCodes phoneCodes, AccountRateLimiter perAccount,
    IStringLocalizer<AccountsText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Email { get; set; }
    [BindProperty] public string? Code { get; set; }
    [BindProperty(SupportsGet = true)] public bool Registered { get; set; }

    public string? Message { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return BadRequestPage();
        var account = string.IsNullOrWhiteSpace(Email) ? null : await users.FindByEmailAsync(Email.Trim());
        var result = account is null ? new PhoneCheckResult(false, text["That code is not right."]) : await phoneCodes.CheckAsync(account, Code, ct);
        if (result.Verified) return RedirectToPage("/Accounts/SignIn", new { verified = "phone" });
        ModelState.AddModelError(nameof(Code), result.Error!);
        return BadRequestPage();
    }

    public async Task<IActionResult> OnPostResendAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return BadRequestPage();
        if (await perAccount.RefusalAsync(Email, ct) is { } wait)
        {
            Message = ForgotPasswordModel.TooManyMessage(text, wait);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Page();
        }
        var account = string.IsNullOrWhiteSpace(Email) ? null : await users.FindByEmailAsync(Email.Trim());
        if (account is { PhoneNumberConfirmed: false }) await phoneCodes.ResendAsync(account, ct);
        Message = text["If an account with this address is waiting for verification, a new code is on its way."];
        return Page();
    }

    private PageResult BadRequestPage()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
