using CareSlot.Web.Features.Doctors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.DoctorTime;

/// <summary>
/// A clinic-local date on which a listed doctor has at least one free slot within the look-ahead, so the
/// directory can filter and sort by a date range in SQL. Rewritten with the doctor's
/// <see cref="DoctorAvailability"/> row in the same pass, so it is exactly as fresh as "next free slot".
/// The day's first slot per mode is kept (not just a flag) because a search shows it and sorts by it.
/// </summary>
public sealed class DoctorFreeDay
{
    public int DoctorId { get; private set; }

    /// <summary>The date in the zone of the clinic offering the slot, which is the date a patient would pick.</summary>
    public LocalDate Date { get; private set; }

    /// <summary>The day's earliest free slot of any offered type; a day with nothing free has no row.</summary>
    public Instant FirstSlot { get; private set; }

    public Instant? FirstInPersonSlot { get; private set; }
    public Instant? FirstVideoSlot { get; private set; }

    public DoctorFreeDay(int doctorId, LocalDate date, Instant? firstInPersonSlot, Instant? firstVideoSlot)
    {
        DoctorId = doctorId;
        Date = date;
        FirstInPersonSlot = firstInPersonSlot;
        FirstVideoSlot = firstVideoSlot;
        FirstSlot = (firstInPersonSlot, firstVideoSlot) switch
        {
            ({ } a, { } b) => a < b ? a : b,
            ({ } a, null) => a,
            (null, { } b) => b,
            _ => throw new ArgumentException("A free day has at least one free slot."),
        };
    }
}

public sealed class DoctorFreeDayConfiguration : IEntityTypeConfiguration<DoctorFreeDay>
{
    public void Configure(EntityTypeBuilder<DoctorFreeDay> builder)
    {
        builder.ToTable("DoctorFreeDays");
        builder.HasKey(d => new { d.DoctorId, d.Date });
        builder.HasOne<Doctor>().WithMany().HasForeignKey(d => d.DoctorId).OnDelete(DeleteBehavior.Cascade);
        // The primary key serves "does this doctor have a free day in the range"; this one serves a
        // planner that starts from the dates instead (a narrow range over many doctors).
        builder.HasIndex(d => new { d.Date, d.DoctorId });
    }
}
