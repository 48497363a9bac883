using CareSlot.Web.Features.Doctors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CareSlot.Web.Features.Schedules;

/// <summary>How soon and how far ahead patients may book a doctor; a doctor without a row has the defaults.</summary>
public sealed class BookingRules
{
    public const int DefaultMinimumNoticeMinutes = 120;
    public const int DefaultHorizonDays = 90;

    public int DoctorId { get; private set; }
    public int MinimumNoticeMinutes { get; private set; } = DefaultMinimumNoticeMinutes;
    public int HorizonDays { get; private set; } = DefaultHorizonDays;

    public BookingRules(int doctorId) => DoctorId = doctorId;

    public void Change(int minimumNoticeMinutes, int horizonDays)
    {
        MinimumNoticeMinutes = minimumNoticeMinutes;
        HorizonDays = horizonDays;
    }
}

public sealed class BookingRulesConfiguration : IEntityTypeConfiguration<BookingRules>
{
    public void Configure(EntityTypeBuilder<BookingRules> builder)
    {
        builder.HasKey(r => r.DoctorId);
        builder.Property(r => r.DoctorId).ValueGeneratedNever();
        builder.HasOne<Doctor>().WithOne().HasForeignKey<BookingRules>(r => r.DoctorId).OnDelete(DeleteBehavior.Cascade);
    }
}
