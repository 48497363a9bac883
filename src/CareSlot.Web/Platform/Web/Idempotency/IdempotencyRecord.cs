using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Platform.Web.Idempotency;

/// <summary>
/// One account's use of an <c>Idempotency-Key</c>. The row is inserted by the guarded change's own save, so it
/// exists exactly when that change has committed; the answer is filled in after the commit and may be missing
/// when the process died in between, in which case it is rebuilt from <see cref="ResourceId"/>.
/// </summary>
public sealed class IdempotencyRecord
{
    public const int KeyMaxLength = 255;

    /// <summary>How long a key stays bound to its request; after that the same key runs anew.</summary>
    public static readonly Duration Lifetime = Duration.FromHours(24);

    public Guid AccountId { get; private set; }
    public string Key { get; private set; }

    /// <summary>SHA-256 (hex) of the method, path, query and the bound body, so a different request under the same key is told apart.</summary>
    public string RequestHash { get; private set; }

    public Instant CreatedAt { get; private set; }
    public Instant ExpiresAt { get; private set; }

    /// <summary>The id of what the request created or changed, taken when the change was saved.</summary>
    public string? ResourceId { get; internal set; }

    public int? StatusCode { get; private set; }
    public string? ContentType { get; private set; }
    public string? Location { get; private set; }

    /// <summary>The answer's body under Data Protection: it can hold a patient's name and reason for the visit.</summary>
    public byte[]? ProtectedBody { get; private set; }

    private IdempotencyRecord() => (Key, RequestHash) = ("", ""); // for EF Core

    public IdempotencyRecord(Guid accountId, string key, string requestHash, Instant now)
    {
        AccountId = accountId;
        Key = key;
        RequestHash = requestHash;
        CreatedAt = now;
        ExpiresAt = now + Lifetime;
    }

    /// <summary>Rows past their lifetime; the key check ignores them already, the sweeper deletes them.</summary>
    public static Task<int> DeleteExpiredAsync(CareSlotDb db, Instant now, CancellationToken ct) =>
        db.IdempotencyKeys.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(ct);
}

public sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("IdempotencyKeys");
        // The primary key is what makes two requests with one key unable to both commit, on either database.
        builder.HasKey(r => new { r.AccountId, r.Key });
        builder.Property(r => r.Key).HasMaxLength(IdempotencyRecord.KeyMaxLength);
        builder.Property(r => r.RequestHash).HasMaxLength(64).IsFixedLength();
        builder.Property(r => r.ResourceId).HasMaxLength(100);
        builder.Property(r => r.ContentType).HasMaxLength(200);
        builder.Property(r => r.Location).HasMaxLength(2000);
        builder.HasIndex(r => r.ExpiresAt);
    }
}
