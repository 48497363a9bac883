using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Platform.Security.Audit;

/// <summary>
/// One row of the audit trail. Rows are only ever inserted, by <see cref="AuditTrail"/> with plain SQL; each holds the
/// hash of the row before it in its lane (<see cref="AuditHash"/>), so a row changed or deleted afterwards breaks the
/// chain, and `verify-audit` (<see cref="AuditVerifier"/>) names where. The trail is a few chains side by side (lanes,
/// <see cref="AuditChainHead"/>), so appenders in concurrent transactions need not wait for each other's commit.
/// </summary>
public sealed class AuditEntry
{
    public const int ActionMaxLength = 64;
    public const int RoleMaxLength = 64;
    public const int RecordMaxLength = 128;
    public const int ClientAddressMaxLength = 45; // the longest IPv6 text form
    public const int CorrelationIdMaxLength = 128;
    public const int HashLength = 64; // SHA-256, lower-case hex

    /// <summary>Storage order across the lanes, given by the database: what lists sort by. Not covered by the hash.</summary>
    public long Id { get; private set; }

    /// <summary>Which chain the row belongs to (1 to <see cref="AuditChainHead.Lanes"/>).</summary>
    public int Lane { get; private set; }

    /// <summary>1, 2, 3, … within the lane, without gaps: a gap is a deleted row.</summary>
    public long Sequence { get; private set; }

    /// <summary>From the injected clock, to the microsecond (PostgreSQL keeps no more, and the hash covers it).</summary>
    public Instant At { get; private set; }

    /// <summary>Who acted: the signed-in account, or the account a sign-in attempt named; null for an unknown address or a command.</summary>
    public Guid? ActorId { get; private set; }

    /// <summary>The actor's roles at the time, comma-separated ("Doctor"); "system" for work without a request (commands).</summary>
    public string? ActorRole { get; private set; }

    /// <summary>Whose health information it was, if any: what the patient's "who looked at my record" lists.</summary>
    public Guid? PatientId { get; private set; }

    /// <summary>A kind and an id ("visit-note 0193…", "account 0193…"), never what it says.</summary>
    public string? Record { get; private set; }

    public string Action { get; private set; }
    public AuditOutcome Outcome { get; private set; }
    public string? ClientAddress { get; private set; }

    /// <summary>The request's W3C trace id (Activity id), as in the logs and on the error page.</summary>
    public string? CorrelationId { get; private set; }

    public string PreviousHash { get; private set; }
    public string Hash { get; private set; }

    private AuditEntry() => (Action, PreviousHash, Hash) = ("", "", ""); // for EF Core

    internal AuditEntry(int lane, long sequence, Instant at, Guid? actorId, string? actorRole, Guid? patientId, string? record, string action,
        AuditOutcome outcome, string? clientAddress, string? correlationId, string previousHash)
    {
        Lane = lane;
        Sequence = sequence;
        At = at;
        ActorId = actorId;
        ActorRole = actorRole;
        PatientId = patientId;
        Record = record;
        Action = action;
        Outcome = outcome;
        ClientAddress = clientAddress;
        CorrelationId = correlationId;
        PreviousHash = previousHash;
        Hash = AuditHash.Of(this);
    }
}

/// <summary>
/// The end of one lane's chain: its last row's sequence number and hash. Appending updates it first, which both
/// serializes the lane's appenders (its row lock on PostgreSQL, held to the commit; the one writer on SQLite) and lets
/// `verify-audit` notice rows deleted from the end.
/// </summary>
public sealed class AuditChainHead
{
    /// <summary>
    /// How many transactions can append at once on PostgreSQL: each holds its lane until it commits. One chain made
    /// every booking wait for the previous one's commit (docs/adr/0014); 8 still held bookings to three quarters of their rate on
    /// the benchmark, whose pool has 24 connections. SQLite, one writer, uses lane 1 only.
    /// </summary>
    public const int Lanes = 24;

    /// <summary>The lane.</summary>
    public int Id { get; private set; }
    public long Sequence { get; private set; }
    public string Hash { get; private set; } = AuditHash.Genesis;

    /// <summary>
    /// The last row of the lane that retention deleted (0 while none was): the lane now starts after it, and the verifier
    /// starts there, from <see cref="FloorHash"/> instead of the genesis value (Features/Retention, docs/security.md "Retention").
    /// </summary>
    public long FloorSequence { get; private set; }

    /// <summary>The hash of row <see cref="FloorSequence"/>, which the first kept row names as its previous hash.</summary>
    public string FloorHash { get; private set; } = AuditHash.Genesis;
}

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditTrail");
        builder.HasKey(e => e.Id);
        builder.HasIndex(e => new { e.Lane, e.Sequence }).IsUnique();
        builder.Property(e => e.ActorRole).HasMaxLength(AuditEntry.RoleMaxLength);
        builder.Property(e => e.Record).HasMaxLength(AuditEntry.RecordMaxLength);
        builder.Property(e => e.Action).HasMaxLength(AuditEntry.ActionMaxLength);
        builder.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.ClientAddress).HasMaxLength(AuditEntry.ClientAddressMaxLength);
        builder.Property(e => e.CorrelationId).HasMaxLength(AuditEntry.CorrelationIdMaxLength);
        builder.Property(e => e.PreviousHash).HasMaxLength(AuditEntry.HashLength).IsFixedLength();
        builder.Property(e => e.Hash).HasMaxLength(AuditEntry.HashLength).IsFixedLength();
        // The patient's access view: their rows, newest first.
        builder.HasIndex(e => new { e.PatientId, e.Id });
        // The administrators' search (Admin/Audit/AuditQuery): newest first and time ranges, and one person's actions.
        // Each costs every appended row an index entry at the right edge of its tree.
        builder.HasIndex(e => new { e.At, e.Id });
        builder.HasIndex(e => new { e.ActorId, e.At, e.Id });
    }
}

public sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> builder)
    {
        builder.ToTable("AuditChainHead");
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.Hash).HasMaxLength(AuditEntry.HashLength).IsFixedLength();
        builder.Property(h => h.FloorHash).HasMaxLength(AuditEntry.HashLength).IsFixedLength();
        builder.HasData(Enumerable.Range(1, AuditChainHead.Lanes).Select(lane => new
        {
            Id = lane, Sequence = 0L, Hash = AuditHash.Genesis, FloorSequence = 0L, FloorHash = AuditHash.Genesis,
        }));
    }
}
