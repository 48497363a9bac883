using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Privacy;

public enum ErasureState
{
    /// <summary>
    /// Asked for, not yet carried out (an instant only, when nothing holds it; one interrupted half-way is taken up again by
    /// <see cref="ResumeErasures"/>).
    /// </summary>
    Pending,

    /// <summary>
    /// An open dispute or help-desk ticket of the person holds it: it completes once that ends (<see cref="ResumeErasures"/>),
    /// or when an administrator completes it.
    /// </summary>
    Held,

    /// <summary>Identity anonymised, sessions ended; kept medical records restricted.</summary>
    Completed,
}

/// <summary>
/// A person's request to erase their account (GDPR Art. 17) and, once carried out, the restriction of the medical records
/// the clinic must keep (Art. 17(3)(c), Art. 18): the row stays as the proof and tells the chart why the record is kept.
/// It holds no name or address of the person, only their account's id: that is what the records reference too.
/// </summary>
public sealed class ErasureRequest
{
    public const int HoldMaxLength = 100;

    public Guid Id { get; private set; }
    public Guid AccountId { get; private set; }
    public ErasureState State { get; private set; }
    public Instant RequestedAt { get; private set; }

    /// <summary>What holds it, e.g. "dispute 3f2…" or "ticket 12", while <see cref="ErasureState.Held"/>.</summary>
    public string? HeldBy { get; private set; }

    public Instant? CompletedAt { get; private set; }

    /// <summary>The administrator who completed a held request; null when it completed by itself.</summary>
    public Guid? CompletedBy { get; private set; }

    /// <summary>Whether medical records were kept, restricted, rather than there being none to keep.</summary>
    public bool RecordsRestricted { get; private set; }

    /// <summary>The last day the restricted records must be kept (the statutory period after the last visit).</summary>
    public LocalDate? RetentionEndsOn { get; private set; }

    private ErasureRequest() { } // for EF Core

    public ErasureRequest(Guid accountId, Instant requestedAt)
    {
        Id = Guid.CreateVersion7();
        AccountId = accountId;
        RequestedAt = requestedAt;
        State = ErasureState.Pending;
    }

    public bool IsOpen => State != ErasureState.Completed;

    public void Hold(string heldBy)
    {
        State = ErasureState.Held;
        HeldBy = heldBy;
    }

    public void Complete(Instant at, Guid? by, LocalDate? retentionEndsOn)
    {
        State = ErasureState.Completed;
        HeldBy = null;
        CompletedAt = at;
        CompletedBy = by;
        RecordsRestricted = retentionEndsOn is not null;
        RetentionEndsOn = retentionEndsOn;
    }
}

public sealed class ErasureRequestConfiguration : IEntityTypeConfiguration<ErasureRequest>
{
    public void Configure(EntityTypeBuilder<ErasureRequest> builder)
    {
        builder.Property(e => e.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.HeldBy).HasMaxLength(ErasureRequest.HoldMaxLength);
        builder.Ignore(e => e.IsOpen);
        // The account row stays (anonymised) as long as the records that reference it; so does its request.
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
        // The chart and the account's own pages look a person's request up; the admin list and the compliance report count by state.
        builder.HasIndex(e => e.AccountId);
        builder.HasIndex(e => e.State);
    }
}
