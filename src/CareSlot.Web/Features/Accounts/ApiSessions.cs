using System.Globalization;
using System.Security.Claims;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Features.Accounts;

/// <summary>
/// An API client's session as its tokens carry it in claims (Data Protection keeps them from being altered): the
/// refresh token family, the refresh token's own row and when the password sign-in happened.
/// </summary>
public sealed record ApiSession(Guid FamilyId, Guid RefreshTokenId, Instant SignedInAt)
{
    private const string FamilyClaim = "careslot:token_family";
    private const string RefreshTokenClaim = "careslot:refresh_token";
    private const string SignedInAtClaim = "careslot:signed_in_at";

    public IEnumerable<Claim> ToClaims() =>
    [
        new(FamilyClaim, FamilyId.ToString()),
        new(RefreshTokenClaim, RefreshTokenId.ToString()),
        new(SignedInAtClaim, SignedInAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>Null for a principal without the claims, such as a token issued before refresh tokens had rows.</summary>
    public static ApiSession? From(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(FamilyClaim), out var family)
        && Guid.TryParse(principal.FindFirstValue(RefreshTokenClaim), out var token)
        && long.TryParse(principal.FindFirstValue(SignedInAtClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? new ApiSession(family, token, Instant.FromUnixTimeSeconds(seconds))
            : null;
}

/// <summary>
/// Refresh tokens with rotation: each works once and is answered with its successor. A token shown a second time
/// means two holders (a thief and the owner, in some order), so the whole family is revoked and neither keeps the
/// session; its access tokens are refused too (<see cref="BearerTokenValidation"/>).
/// </summary>
public sealed class ApiSessions(
    CareSlotDb db, IClock clock, ApiSessionCache cache, IOptions<AccountOptions> accountOptions,
    IOptionsMonitor<BearerTokenOptions> bearerOptions)
{
    private Duration AbsoluteSession => Duration.FromHours(accountOptions.Value.AbsoluteSessionHours);

    /// <summary>A new family for a password sign-in, with its first refresh token.</summary>
    public async Task<ApiSession> StartAsync(Guid accountId, CancellationToken ct)
    {
        var now = Instant.FromUnixTimeSeconds(clock.GetCurrentInstant().ToUnixTimeSeconds());
        // Sign-ins clear the families that ended: a row is needed while a token of its family can still be shown,
        // which for the access tokens is one access-token lifetime past the end of the session.
        var accessLifetime = Duration.FromTimeSpan(bearerOptions.Get(IdentityConstants.BearerScheme).BearerTokenExpiration);
        await db.RefreshTokens.Where(t => t.ExpiresAt < now - accessLifetime).ExecuteDeleteAsync(ct);

        var session = new ApiSession(Guid.CreateVersion7(), Guid.CreateVersion7(), now);
        db.RefreshTokens.Add(new RefreshToken(session.RefreshTokenId, session.FamilyId, accountId, now + AbsoluteSession));
        await db.SaveChangesAsync(ct);
        return session;
    }

    /// <summary>Uses up the presented refresh token and issues its successor; null when it may not be used.</summary>
    public async Task<ApiSession?> RefreshAsync(ApiSession presented, Guid accountId, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        if (now - presented.SignedInAt > AbsoluteSession) return null;

        // The affected-row count decides, so of two refreshes with one token only one can win on either database.
        // The transaction keeps the winner's successor out of sight until it is committed: on PostgreSQL a loser waits
        // for the winner's row, and its revocation that follows then sees (and revokes) the successor too. Whatever a
        // revocation still misses (a successor committed after it began) is caught by "any revoked token ends the family".
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var used = await db.RefreshTokens
            .Where(t => t.Id == presented.RefreshTokenId && t.FamilyId == presented.FamilyId && t.UsedAt == null
                && !db.RefreshTokens.Any(f => f.FamilyId == presented.FamilyId && f.RevokedAt != null))
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.UsedAt, now), ct);
        if (used == 0)
        {
            await transaction.RollbackAsync(ct);
            await RevokeAsync(presented.FamilyId, now, ct);
            return null;
        }

        var next = presented with { RefreshTokenId = Guid.CreateVersion7() };
        db.RefreshTokens.Add(new RefreshToken(next.RefreshTokenId, next.FamilyId, accountId, presented.SignedInAt + AbsoluteSession));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return next;
    }

    public Task<bool> IsRevokedAsync(Guid familyId, CancellationToken ct) =>
        db.RefreshTokens.AnyAsync(t => t.FamilyId == familyId && t.RevokedAt != null, ct);

    private async Task RevokeAsync(Guid familyId, Instant now, CancellationToken ct)
    {
        await db.RefreshTokens.Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, now), ct);
        cache.ForgetFamily(familyId);
    }
}
