using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Records;

/// <summary>
/// An administrator's emergency access to one patient's clinical record, with a stated reason, for a limited time.
/// Every opening is audited, listed on the admin dashboard and shown to the patient.
/// </summary>
public sealed class BreakGlassAccess
{
    public Guid Id { get; private set; }
    public Guid AdminId { get; private set; }
    public Guid PatientId { get; private set; }
    public string Reason { get; private set; }
    public Instant OpenedAt { get; private set; }
    public Instant ExpiresAt { get; private set; }

    public BreakGlassAccess(Guid adminId, Guid patientId, string reason, Instant openedAt, Instant expiresAt)
    {
        Id = Guid.CreateVersion7();
        AdminId = adminId;
        PatientId = patientId;
        Reason = reason;
        OpenedAt = openedAt;
        ExpiresAt = expiresAt;
    }

    public const int ReasonMaxLength = 500;
}

public sealed class BreakGlassAccessConfiguration : IEntityTypeConfiguration<BreakGlassAccess>
{
    public void Configure(EntityTypeBuilder<BreakGlassAccess> builder)
    {
        builder.ToTable("BreakGlassAccesses");
        builder.Property(b => b.Reason).HasMaxLength(BreakGlassAccess.ReasonMaxLength);
        builder.HasIndex(b => new { b.AdminId, b.PatientId, b.ExpiresAt });
        builder.HasIndex(b => new { b.PatientId, b.OpenedAt });
    }
}

/// <summary>Whether an administrator holds open break-glass access to a patient right now.</summary>
public sealed class BreakGlass(Platform.Data.CareSlotDb db, IClock clock)
{
    public Task<bool> IsOpenAsync(Guid adminId, Guid patientId, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        return db.BreakGlassAccesses.AnyAsync(b => b.AdminId == adminId && b.PatientId == patientId && b.ExpiresAt > now, ct);
    }
}
