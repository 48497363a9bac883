using CareSlot.Web.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Accounts;

/// <summary>The second step after a correct password: an authenticator code, or a single-use recovery code.</summary>
[EnableRateLimiting(RateLimitingExtensions.Accounts)]
public sealed class SignInTwoFactorModel(SignInManager<Account> signIn, IStringLocalizer<AccountsText> text) : PageModel
{
    [BindProperty] public string? Code { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty(SupportsGet = true)] public bool RememberMe { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Accounts/SignIn") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null) return RedirectToPage("/Accounts/SignIn");
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (code.Length == 0)
        {
            // Identity throws on an empty recovery code; an empty form is the person's mistake, not a fault.
            ModelState.AddModelError(nameof(Code), text["Enter the code from your authenticator app, or a recovery code."]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var result = code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, RememberMe, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/account");
        ModelState.AddModelError(nameof(Code), result.IsLockedOut
            ? text["Too many failed attempts. This account is locked for 15 minutes."]
            : text["That code is not right."]);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
