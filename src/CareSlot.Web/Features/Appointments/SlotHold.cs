using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.Schedules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

/// <summary>
/// A slot kept for one patient while they confirm. A hold lapses by itself: readers ignore it after
/// <see cref="ExpiresAt"/>, and writers delete lapsed holds before they take the doctor's time.
/// </summary>
public sealed class SlotHold
{
    public static readonly Duration Lifetime = Duration.FromMinutes(5);

    public Guid Id { get; private set; }
    public int DoctorId { get; private set; }
    public int ClinicId { get; private set; }
    public int AppointmentTypeId { get; private set; }
    public Guid PatientId { get; private set; }
    public Instant Start { get; private set; }
    public Instant End { get; private set; }
    public Instant BlockedUntil { get; private set; }
    public Instant ExpiresAt { get; private set; }

    private SlotHold() { } // for EF Core

    public SlotHold(int doctorId, int clinicId, AppointmentType type, Guid patientId, Instant start, Instant now)
    {
        Id = Guid.CreateVersion7();
        DoctorId = doctorId;
        ClinicId = clinicId;
        AppointmentTypeId = type.Id;
        PatientId = patientId;
        Start = start;
        End = start + type.Duration;
        BlockedUntil = End + type.BufferAfter;
        ExpiresAt = now + Lifetime;
    }
}

public sealed class SlotHoldConfiguration : IEntityTypeConfiguration<SlotHold>
{
    public void Configure(EntityTypeBuilder<SlotHold> builder)
    {
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.HasOne<Doctor>().WithMany().HasForeignKey(h => h.DoctorId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Clinic>().WithMany().HasForeignKey(h => h.ClinicId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AppointmentType>().WithMany().HasForeignKey(h => h.AppointmentTypeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Account>().WithMany().HasForeignKey(h => h.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(h => new { h.DoctorId, h.Start });
        builder.HasIndex(h => h.ExpiresAt);
    }
}
