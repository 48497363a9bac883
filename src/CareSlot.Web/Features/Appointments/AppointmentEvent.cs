using CareSlot.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

public enum AppointmentEventKind
{
    Booked,
    Rescheduled,
    Cancelled,
    StatusChanged,
}

/// <summary>
/// A domain event written in the same transaction as the change it reports; notifications are made
/// from these rows, so a change that did not commit can never be announced.
/// </summary>
public sealed class AppointmentEvent
{
    public long Id { get; private set; }
    public Guid AppointmentId { get; private set; }
    public AppointmentEventKind Kind { get; private set; }

    /// <summary>The appointment's version after the change: with the id it names the change exactly once.</summary>
    public int Version { get; private set; }

    public Instant OccurredAt { get; private set; }
    public Actor Actor { get; private set; }

    /// <summary>For a reschedule, where the appointment was before.</summary>
    public Instant? PreviousStart { get; private set; }

    /// <summary>Set once notifications have been made from this event.</summary>
    public Instant? ProcessedAt { get; private set; }

    public AppointmentEvent(AppointmentEventKind kind, int version, Instant occurredAt, Actor actor, Instant? previousStart)
    {
        Kind = kind;
        Version = version;
        OccurredAt = occurredAt;
        Actor = actor;
        PreviousStart = previousStart;
    }
}

public sealed class AppointmentEventConfiguration : IEntityTypeConfiguration<AppointmentEvent>
{
    public void Configure(EntityTypeBuilder<AppointmentEvent> builder)
    {
        builder.ToTable("AppointmentEvents");
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Actor).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(e => new { e.AppointmentId, e.Version }).IsUnique();
        builder.HasIndex(e => e.ProcessedAt);
    }
}
