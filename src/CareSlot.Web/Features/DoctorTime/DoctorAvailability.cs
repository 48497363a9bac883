using CareSlot.Web.Features.Doctors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.DoctorTime;

/// <summary>
/// Each listed doctor's next free slot, kept for the directory so that search can sort by soonest
/// availability in SQL instead of computing slots for every match. Changes that free or take time mark
/// the row stale in their own transaction; <see cref="AvailabilityRefresher"/> recomputes stale rows.
/// The slot page always computes afresh, so a stale row can only misorder a search, never mis-book.
/// </summary>
/// <remarks>
/// Every mark bumps <see cref="Version"/>, and the refresher writes only over the version it read before the free
/// slots: a booking made while it was working leaves the row stale for the next pass instead of being papered over
/// by a next slot that is no longer free.
/// </remarks>
public sealed class DoctorAvailability
{
    public int DoctorId { get; private set; }

    /// <summary>The earliest free slot of any offered type; null when nothing is free within the look-ahead.</summary>
    public Instant? NextSlot { get; private set; }

    public Instant? NextInPersonSlot { get; private set; }
    public Instant? NextVideoSlot { get; private set; }

    /// <summary>Null means stale: recompute soon.</summary>
    public Instant? RefreshedAt { get; private set; }

    /// <summary>How many times the row has been marked stale.</summary>
    public int Version { get; private set; }

    public DoctorAvailability(int doctorId) => DoctorId = doctorId;

    public static Instant? Earliest(Instant? nextInPerson, Instant? nextVideo) => (nextInPerson, nextVideo) switch
    {
        ({ } a, { } b) => a < b ? a : b,
        var (a, b) => a ?? b,
    };
}

public sealed class DoctorAvailabilityConfiguration : IEntityTypeConfiguration<DoctorAvailability>
{
    public void Configure(EntityTypeBuilder<DoctorAvailability> builder)
    {
        builder.ToTable("DoctorAvailability");
        builder.HasKey(a => a.DoctorId);
        builder.Property(a => a.DoctorId).ValueGeneratedNever();
        builder.HasOne<Doctor>().WithOne().HasForeignKey<DoctorAvailability>(a => a.DoctorId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.NextSlot);
        builder.HasIndex(a => a.RefreshedAt);
    }
}
