using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Accounts;

/// <summary>
/// One refresh token handed to an API client. The tokens descended from one password sign-in form a family;
/// each works once (<see cref="UsedAt"/>), and one shown again revokes its family (<see cref="ApiSessions"/>).
/// </summary>
public sealed class RefreshToken
{
    public Guid Id { get; private set; }
    public Guid FamilyId { get; private set; }
    public Guid AccountId { get; private set; }

    /// <summary>The family's absolute end (sign-in plus the absolute session limit), the same for all its tokens.</summary>
    public Instant ExpiresAt { get; private set; }

    public Instant? UsedAt { get; private set; }

    /// <summary>Set on every token of the family when one of them is replayed; any revoked token ends the family.</summary>
    public Instant? RevokedAt { get; private set; }

    private RefreshToken() { } // for EF Core

    public RefreshToken(Guid id, Guid familyId, Guid accountId, Instant expiresAt)
    {
        Id = id;
        FamilyId = familyId;
        AccountId = accountId;
        ExpiresAt = expiresAt;
    }
}

public sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> builder)
    {
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.HasOne<Account>().WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.FamilyId);
        builder.HasIndex(t => t.ExpiresAt);
    }
}
