using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using NodaTime;

namespace CareSlot.Web.Features.Accounts;

/// <summary>
/// The link in a staff invitation: signed (Data Protection, its own purpose), expiring after <see cref="Lifetime"/>, naming
/// the account and its security stamp, which setting the password changes, so a link works once.
/// </summary>
public sealed class StaffInvitationTokens(IDataProtectionProvider dataProtection, IClock clock)
{
    public static readonly Duration Lifetime = Duration.FromDays(3);

    private readonly IDataProtector protector = dataProtection.CreateProtector("CareSlot.Accounts.StaffInvitation.v1");

    public string Issue(Guid accountId, string securityStamp) =>
        protector.Protect(string.Join('\n', accountId.ToString("N"), (clock.GetCurrentInstant() + Lifetime).ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture),
            securityStamp));

    /// <summary>The account and stamp the token names if it is genuine and not expired; the caller compares the stamp.</summary>
    public (Guid AccountId, string Stamp)? Read(string? token)
    {
        string[] parts;
        try
        {
            parts = protector.Unprotect(token ?? "").Split('\n');
        }
        catch (CryptographicException)
        {
            return null;
        }
        if (parts.Length != 3 || !Guid.TryParseExact(parts[0], "N", out var id)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || Instant.FromUnixTimeTicks(expires) <= clock.GetCurrentInstant())
        {
            return null;
        }
        return (id, parts[2]);
    }
}
