using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Accounts;

/// <summary>
/// Signed, expiring, single-use email verification links. The token names the account, the address it
/// was sent to (the current one, or a new one the person wants to change to), its expiry and the account's
/// security stamp; verifying changes the stamp, so a link works once.
/// </summary>
public sealed class EmailVerificationTokens(IDataProtectionProvider dataProtection, IClock clock, UserManager<Account> users,
    IStringLocalizer<AccountsText> text)
{
    public static readonly Duration Lifetime = Duration.FromHours(24);

    private readonly IDataProtector protector = dataProtection.CreateProtector("CareSlot.Accounts.EmailVerification.v1");

    public async Task<string> IssueAsync(Account account, string address)
    {
        var stamp = await users.GetSecurityStampAsync(account);
        var expires = (clock.GetCurrentInstant() + Lifetime).ToUnixTimeTicks();
        return protector.Protect(string.Join('\n', account.Id.ToString("N"), address, expires.ToString(CultureInfo.InvariantCulture), stamp));
    }

    /// <summary>The account the token verifies and the address it proves, or why it cannot.</summary>
    public async Task<(Account? Account, string? Address, string? Error)> ValidateAsync(string? token)
    {
        string invalid = text["This verification link is not valid. It may have been used already or copied incompletely."];
        string[] parts;
        try
        {
            parts = protector.Unprotect(token ?? "").Split('\n');
        }
        catch (CryptographicException)
        {
            return (null, null, invalid);
        }
        if (parts.Length != 4 || !Guid.TryParseExact(parts[0], "N", out var id)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return (null, null, invalid);
        }
        if (Instant.FromUnixTimeTicks(expires) <= clock.GetCurrentInstant())
        {
            return (null, null, text["This verification link has expired. Sign in or ask for a new link."]);
        }
        var account = await users.FindByIdAsync(id.ToString());
        if (account is null || await users.GetSecurityStampAsync(account) != parts[3])
        {
            return (null, null, invalid);
        }
        return (account, parts[1], null);
    }
}
