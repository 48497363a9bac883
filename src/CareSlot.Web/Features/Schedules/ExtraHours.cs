using CareSlot.Web.Features.Doctors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Schedules;

/// <summary>One-off hours on a single local date, on top of the weekly hours (e.g. an extra Saturday morning).</summary>
public sealed class ExtraHours
{
    public int Id { get; private set; }
    public int DoctorId { get; private set; }
    public int ClinicId { get; private set; }
    public LocalDate Date { get; private set; }
    public LocalTime Start { get; private set; }
    public LocalTime End { get; private set; }

    public ExtraHours(int doctorId, int clinicId, LocalDate date, LocalTime start, LocalTime end)
    {
        DoctorId = doctorId;
        ClinicId = clinicId;
        Date = date;
        Start = start;
        End = end;
    }
}

public sealed class ExtraHoursConfiguration : IEntityTypeConfiguration<ExtraHours>
{
    public void Configure(EntityTypeBuilder<ExtraHours> builder)
    {
        builder.ToTable("ExtraHours");
        builder.HasOne<Doctor>().WithMany().HasForeignKey(h => h.DoctorId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Clinic>().WithMany().HasForeignKey(h => h.ClinicId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(h => new { h.DoctorId, h.Date });
    }
}
