using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Accounts;

/// <summary>Sets up TOTP with an authenticator app and hands out recovery codes once.</summary>
[Authorize]
public sealed class TwoFactorModel(UserManager<Account> users, SignInManager<Account> signIn, IStringLocalizer<AccountsText> text) : PageModel
{
    [BindProperty] public string? Code { get; set; }

    public bool Enabled { get; private set; }
    public bool Required { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public string SharedKeyDisplay { get; private set; } = "";
    public string AuthenticatorUri { get; private set; } = "";
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool required = false)
    {
        if (await users.GetUserAsync(User) is not { } account) return Challenge();
        Required = required;
        await LoadAsync(account);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } account) return Challenge();
        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!ModelState.IsValid || !await users.VerifyTwoFactorTokenAsync(account, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            if (ModelState.IsValid) ModelState.AddModelError(nameof(Code), text["That code is not right. Check the time on your phone and type the code the app shows now."]);
            await LoadAsync(account);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(account, true);
        RecoveryCodes = [.. (await users.GenerateNewTwoFactorRecoveryCodesAsync(account, 10))!];
        Enabled = true;
        // The session was not established with a second factor; sign in again with it so the session counts as "mfa".
        await signIn.SignOutAsync();
        return Page();
    }

    private async Task LoadAsync(Account account)
    {
        Enabled = await users.GetTwoFactorEnabledAsync(account);
        if (Enabled)
        {
            RecoveryCodesLeft = await users.CountRecoveryCodesAsync(account);
            return;
        }
        var key = await users.GetAuthenticatorKeyAsync(account);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(account);
            key = (await users.GetAuthenticatorKeyAsync(account))!;
        }
        SharedKeyDisplay = Grouped(key);
        AuthenticatorUri = $"otpauth://totp/CareSlot:{Uri.EscapeDataString(account.Email!)}?secret={key}&issuer=CareSlot&digits=6";
    }

    private static string Grouped(string key)
    {
        var grouped = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4) grouped.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        return grouped.ToString().TrimEnd().ToLowerInvariant();
    }
}
