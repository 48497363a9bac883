using CareSlot.Web.Features.Doctors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Schedules;

/// <summary>
/// A period the doctor does not work, in local time (whole days are midnight to midnight); it may
/// cross midnight and span weeks, and it wins over weekly and extra hours at every clinic.
/// </summary>
public sealed class TimeOff
{
    public int Id { get; private set; }
    public int DoctorId { get; private set; }
    public LocalDateTime Start { get; private set; }
    public LocalDateTime End { get; private set; }

    /// <summary>Shown to the doctor only ("Conference", "Holiday"); patients just see no slots.</summary>
    public string? Note { get; private set; }

    public TimeOff(int doctorId, LocalDateTime start, LocalDateTime end, string? note)
    {
        DoctorId = doctorId;
        Start = start;
        End = end;
        Note = note;
    }
}

public sealed class TimeOffConfiguration : IEntityTypeConfiguration<TimeOff>
{
    public void Configure(EntityTypeBuilder<TimeOff> builder)
    {
        builder.ToTable("TimeOff");
        builder.Property(t => t.Note).HasMaxLength(200);
        builder.HasOne<Doctor>().WithMany().HasForeignKey(t => t.DoctorId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.DoctorId, t.End });
    }
}
