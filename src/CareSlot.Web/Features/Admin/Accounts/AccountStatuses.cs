using CareSlot.Web.Features.Accounts;
using NodaTime;

namespace CareSlot.Web.Features.Admin.Accounts;

/// <summary>An account's one status as administrators see it, strongest first: suspended, locked out, unverified, active.</summary>
public static class AccountStatuses
{
    public const string Active = "active";
    public const string Unverified = "unverified";
    public const string Suspended = "suspended";
    public const string LockedOut = "locked-out";

    public static readonly IReadOnlyList<string> All = [Active, Unverified, Suspended, LockedOut];

    public static string Of(Account account, Instant now)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Of(account.SuspendedAt, account.LockoutEnd, account.EmailConfirmed, account.PhoneNumberConfirmed, now);
    }

    public static string Of(Instant? suspendedAt, DateTimeOffset? lockoutEnd, bool emailConfirmed, bool phoneConfirmed, Instant now) =>
        suspendedAt is not null ? Suspended
        : lockoutEnd is { } end && Instant.FromDateTimeOffset(end) > now ? LockedOut
        : emailConfirmed || phoneConfirmed ? Active
        : Unverified;
}
