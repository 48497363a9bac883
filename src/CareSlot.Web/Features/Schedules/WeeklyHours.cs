using CareSlot.Web.Features.Doctors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Schedules;

public enum WeeklyHoursKind
{
    Working,
    Break,
}

/// <summary>
/// A weekly recurring interval in the clinic's local time: hours the doctor works there, or a break
/// within them. An end of 00:00 means midnight at the end of the day.
/// </summary>
public sealed class WeeklyHours
{
    public int Id { get; private set; }
    public int DoctorId { get; private set; }
    public int ClinicId { get; private set; }
    public WeeklyHoursKind Kind { get; private set; }
    public IsoDayOfWeek Day { get; private set; }
    public LocalTime Start { get; private set; }
    public LocalTime End { get; private set; }

    public WeeklyHours(int doctorId, int clinicId, WeeklyHoursKind kind, IsoDayOfWeek day, LocalTime start, LocalTime end)
    {
        DoctorId = doctorId;
        ClinicId = clinicId;
        Kind = kind;
        Day = day;
        Start = start;
        End = end;
    }
}

public sealed class WeeklyHoursConfiguration : IEntityTypeConfiguration<WeeklyHours>
{
    public void Configure(EntityTypeBuilder<WeeklyHours> builder)
    {
        builder.ToTable("WeeklyHours");
        builder.Property(h => h.Kind).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Doctor>().WithMany().HasForeignKey(h => h.DoctorId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Clinic>().WithMany().HasForeignKey(h => h.ClinicId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(h => new { h.DoctorId, h.ClinicId });
    }
}
