using CareSlot.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Doctors;

public enum DoctorDecisionKind
{
    Approved,
    Rejected,

    /// <summary>An administrator asked the doctor a question; <see cref="DoctorDecision.Text"/> holds it.</summary>
    InformationRequested,

    /// <summary>The doctor's answer to the last question, written by the doctor.</summary>
    Answered,
}

/// <summary>
/// One step of a registration's review, kept for good: who decided (or answered) what, when, and in their words. A review
/// may take several rounds (asked, answered, approved), so the steps are rows, not columns of the doctor.
/// </summary>
public sealed class DoctorDecision
{
    public const int TextMaxLength = 2000;

    public long Id { get; private set; }
    public int DoctorId { get; private set; }
    public DoctorDecisionKind Kind { get; private set; }

    /// <summary>The reason of a rejection, the question asked, or the doctor's answer; null for an approval.</summary>
    public string? Text { get; private set; }

    /// <summary>The administrator who decided, or the doctor who answered.</summary>
    public Guid ById { get; private set; }

    public Instant At { get; private set; }

    private DoctorDecision() { } // for EF Core

    public DoctorDecision(int doctorId, DoctorDecisionKind kind, string? text, Guid byId, Instant at)
    {
        DoctorId = doctorId;
        Kind = kind;
        Text = text;
        ById = byId;
        At = at;
    }
}

public sealed class DoctorDecisionConfiguration : IEntityTypeConfiguration<DoctorDecision>
{
    public void Configure(EntityTypeBuilder<DoctorDecision> builder)
    {
        builder.ToTable("DoctorDecisions");
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.Text).HasMaxLength(DoctorDecision.TextMaxLength);
        builder.HasOne<Doctor>().WithMany().HasForeignKey(d => d.DoctorId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Account>().WithMany().HasForeignKey(d => d.ById).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => new { d.DoctorId, d.Id });
    }
}
