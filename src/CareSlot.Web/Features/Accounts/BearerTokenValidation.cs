using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;

namespace CareSlot.Web.Features.Accounts;

/// <summary>
/// Checks a bearer token as Identity's security stamp validator checks a cookie (sign-out everywhere and a password
/// reset change the stamp), and that its refresh token family was not revoked. The bearer handler has no validation
/// event of its own, so this runs in its one event and, for a live token, answers for the handler (one decryption per request).
/// </summary>
public sealed class BearerTokenValidation(SignInManager<Account> signIn, ApiSessions sessions, ApiSessionCache cache, SessionRevocations revocations)
{
    private const string Scheme = "Bearer ";

    public static async Task OnMessageReceivedAsync(MessageReceivedContext context)
    {
        // Read as the handler reads it, and handed over, so both judge the same token.
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(Scheme, StringComparison.Ordinal)) return;
        context.Token = authorization[Scheme.Length..];

        var services = context.HttpContext.RequestServices;
        var ticket = context.Options.BearerTokenProtector.Unprotect(context.Token);
        // The handler refuses unreadable and expired tokens itself; only a live one is worth reading the database for.
        if (ticket?.Properties.ExpiresUtc is not { } expires || services.GetRequiredService<TimeProvider>().GetUtcNow() >= expires) return;

        if (!await services.GetRequiredService<BearerTokenValidation>().IsCurrentAsync(ticket.Principal, context.HttpContext.RequestAborted))
        {
            context.Fail("The session has ended: signed out everywhere, a new password, or a replayed refresh token.");
            return;
        }
        // The ticket is read and judged already: the handler takes it as it is instead of decrypting the token again.
        context.Principal = ticket.Principal;
        context.Properties = ticket.Properties;
        context.Success();
    }

    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        if (ApiSession.From(principal) is not { } session
            || !Guid.TryParse(principal.FindFirstValue(signIn.Options.ClaimsIdentity.UserIdClaimType), out var accountId))
        {
            return false;
        }
        if (!await revocations.AllowsAsync(principal, ct)) return false;

        var stamp = principal.FindFirstValue(signIn.Options.ClaimsIdentity.SecurityStampClaimType);
        if (!cache.IsAccountCurrent(accountId, stamp))
        {
            if (await signIn.ValidateSecurityStampAsync(principal) is null) return false;
            cache.AccountChecked(accountId, stamp);
        }
        if (!cache.IsFamilyCurrent(session.FamilyId))
        {
            if (await sessions.IsRevokedAsync(session.FamilyId, ct)) return false;
            cache.FamilyChecked(session.FamilyId);
        }
        return true;
    }
}

/// <summary>
/// The bearer sessions found current in the last <see cref="Interval"/>, per account (with its security stamp) and per
/// refresh token family, so that API requests read the database at most once a minute for each, as cookies do. Writes
/// on this instance drop their entries at once (<see cref="AccountUserManager"/>, <see cref="ApiSessions"/>); another
/// instance's show here within the interval. A check that overlapped such a write may store what it read before it,
/// which the interval bounds too.
/// </summary>
public sealed class ApiSessionCache(TimeProvider time) : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private sealed record AccountKey(Guid Id);

    private sealed record FamilyKey(Guid Id);

    private sealed record Checked(string? Stamp, DateTimeOffset At);

    // Bounded, so that many sessions cost database reads rather than memory. Freshness is judged on the app's clock;
    // the cache's own expiry (on the wall clock) only frees the memory of entries no longer of use.
    private readonly MemoryCache entries = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    public bool IsAccountCurrent(Guid accountId, string? stamp) =>
        entries.TryGetValue(new AccountKey(accountId), out Checked? found) && found!.Stamp == stamp && IsFresh(found);

    public void AccountChecked(Guid accountId, string? stamp) => Store(new AccountKey(accountId), new Checked(stamp, time.GetUtcNow()));

    public void ForgetAccount(Guid accountId) => entries.Remove(new AccountKey(accountId));

    public bool IsFamilyCurrent(Guid familyId) => entries.TryGetValue(new FamilyKey(familyId), out Checked? found) && IsFresh(found!);

    public void FamilyChecked(Guid familyId) => Store(new FamilyKey(familyId), new Checked(null, time.GetUtcNow()));

    public void ForgetFamily(Guid familyId) => entries.Remove(new FamilyKey(familyId));

    private bool IsFresh(Checked found) => time.GetUtcNow() - found.At < Interval;

    private void Store(object key, Checked value) =>
        entries.Set(key, value, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Interval });

    public void Dispose() => entries.Dispose();
}
