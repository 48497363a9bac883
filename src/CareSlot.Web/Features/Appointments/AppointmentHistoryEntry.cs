using CareSlot.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

/// <summary>One change to an appointment: who made it, when, from what to what, and why.</summary>
public sealed class AppointmentHistoryEntry
{
    public long Id { get; private set; }
    public Guid AppointmentId { get; private set; }
    public Instant At { get; private set; }
    public Actor Actor { get; private set; }

    /// <summary>The account that made the change; null when CareSlot did (auto-confirm).</summary>
    public Guid? ByAccountId { get; private set; }

    public AppointmentStatus? FromStatus { get; private set; }
    public AppointmentStatus ToStatus { get; private set; }
    public Instant? FromStart { get; private set; }
    public Instant? ToStart { get; private set; }
    public string? Reason { get; private set; }

    public AppointmentHistoryEntry(Instant at, Actor actor, Guid? byAccountId, AppointmentStatus? fromStatus, AppointmentStatus toStatus,
        Instant? fromStart, Instant? toStart, string? reason)
    {
        At = at;
        Actor = actor;
        ByAccountId = byAccountId;
        FromStatus = fromStatus;
        ToStatus = toStatus;
        FromStart = fromStart;
        ToStart = toStart;
        Reason = reason;
    }
}

public sealed class AppointmentHistoryEntryConfiguration : IEntityTypeConfiguration<AppointmentHistoryEntry>
{
    public void Configure(EntityTypeBuilder<AppointmentHistoryEntry> builder)
    {
        builder.ToTable("AppointmentHistory");
        builder.Property(h => h.Actor).HasConversion<string>().HasMaxLength(16);
        builder.Property(h => h.FromStatus).HasConversion<string>().HasMaxLength(16);
        builder.Property(h => h.ToStatus).HasConversion<string>().HasMaxLength(16);
        builder.Property(h => h.Reason).HasMaxLength(1000);
        builder.HasIndex(h => new { h.AppointmentId, h.At });
    }
}
