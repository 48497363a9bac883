using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Accounts;

/// <summary>
/// The one outstanding SMS code of an account for one number. Only a hash is kept; after
/// <see cref="MaxAttempts"/> wrong guesses or <see cref="Lifetime"/> the code is dead and a new one is needed.
/// </summary>
public sealed class PhoneVerification
{
    public static readonly Duration Lifetime = Duration.FromMinutes(10);
    public const int MaxAttempts = 5;

    public Guid AccountId { get; set; }

    /// <summary>The number the code was sent to (E.164); verifying confirms exactly this number.</summary>
    public string PhoneNumber { get; set; } = "";

    public string CodeHash { get; set; } = "";
    public Instant ExpiresAt { get; set; }
    public int FailedAttempts { get; set; }
}

public sealed class PhoneVerificationConfiguration : IEntityTypeConfiguration<PhoneVerification>
{
    public void Configure(EntityTypeBuilder<PhoneVerification> builder)
    {
        builder.HasKey(v => v.AccountId);
        builder.Property(v => v.PhoneNumber).HasMaxLength(16);
        builder.Property(v => v.CodeHash).HasMaxLength(128);
        builder.HasOne<Account>().WithOne().HasForeignKey<PhoneVerification>(v => v.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
