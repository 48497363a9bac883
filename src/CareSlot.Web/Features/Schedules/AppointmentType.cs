using CareSlot.Web.Features.Doctors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Schedules;

public enum VisitMode
{
    InPerson,
    Video,
}

/// <summary>A kind of visit a doctor offers: its length, the buffer kept free after it, and who may book it.</summary>
public sealed class AppointmentType
{
    public const int MinimumMinutes = 5;
    public const int MaximumMinutes = 240;
    public const int MaximumBufferMinutes = 120;

    public int Id { get; private set; }
    public int DoctorId { get; private set; }
    public string Name { get; private set; }
    public int DurationMinutes { get; private set; }
    public int BufferAfterMinutes { get; private set; }
    public VisitMode Mode { get; private set; }
    public bool ForNewPatients { get; private set; }
    public bool ForReturningPatients { get; private set; }

    /// <summary>Retired types stay for the appointments that used them but are no longer offered.</summary>
    public bool IsOffered { get; private set; } = true;

    public Duration Duration => Duration.FromMinutes(DurationMinutes);
    public Duration BufferAfter => Duration.FromMinutes(BufferAfterMinutes);

    public AppointmentType(int doctorId, string name, int durationMinutes, int bufferAfterMinutes, VisitMode mode,
        bool forNewPatients, bool forReturningPatients)
    {
        DoctorId = doctorId;
        Name = name;
        DurationMinutes = durationMinutes;
        BufferAfterMinutes = bufferAfterMinutes;
        Mode = mode;
        ForNewPatients = forNewPatients;
        ForReturningPatients = forReturningPatients;
    }

    public void Edit(string name, int durationMinutes, int bufferAfterMinutes, VisitMode mode, bool forNewPatients, bool forReturningPatients)
    {
        Name = name;
        DurationMinutes = durationMinutes;
        BufferAfterMinutes = bufferAfterMinutes;
        Mode = mode;
        ForNewPatients = forNewPatients;
        ForReturningPatients = forReturningPatients;
    }

    public void Retire() => IsOffered = false;
}

public sealed class AppointmentTypeConfiguration : IEntityTypeConfiguration<AppointmentType>
{
    public void Configure(EntityTypeBuilder<AppointmentType> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.Mode).HasConversion<string>().HasMaxLength(16);
        builder.Ignore(t => t.Duration);
        builder.Ignore(t => t.BufferAfter);
        builder.HasOne<Doctor>().WithMany().HasForeignKey(t => t.DoctorId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.DoctorId);
    }
}
