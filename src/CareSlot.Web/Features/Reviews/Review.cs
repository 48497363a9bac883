using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Reviews;

/// <summary>pending → approved | rejected (an administrator's decision); withdrawn by its patient from any state. Only approved ones are public.</summary>
public enum ReviewStatus
{
    Pending,
    Approved,
    Rejected,
    Withdrawn,
}

/// <summary>
/// A patient's rating (1–5) and optional words about a completed visit, one per appointment. Held for moderation until an
/// administrator approves it; only then is it on the doctor's public profile. The words are stored as typed (they are shown
/// HTML-encoded, never as markup) and are not sealed: once approved they are public by the patient's choice.
/// </summary>
public sealed class Review
{
    public const int TextMaxLength = 2000;
    public const int ReplyMaxLength = 2000;
    public const int ReasonMaxLength = 500;
    public const int MinRating = 1;
    public const int MaxRating = 5;

    public Guid Id { get; private set; }
    public Guid AppointmentId { get; private set; }
    public Guid PatientId { get; private set; }
    public int DoctorId { get; private set; }
    public int Rating { get; private set; }
    public string Text { get; private set; }
    public ReviewStatus Status { get; private set; }

    /// <summary>The blocked words found in the text when it was written, for the moderator; null when none.</summary>
    public string? FlaggedWords { get; private set; }

    public Instant CreatedAt { get; private set; }
    public Instant? DecidedAt { get; private set; }
    public Guid? DecidedBy { get; private set; }
    public string? RejectionReason { get; private set; }
    public Instant? WithdrawnAt { get; private set; }

    /// <summary>The doctor's one reply, set once by a conditional update (ReplyToReview), so two at once cannot both land.</summary>
    public string? Reply { get; private set; }

    public Instant? RepliedAt { get; private set; }

    public bool IsFlagged => FlaggedWords is not null;

    private Review() => Text = ""; // for EF Core

    public Review(Guid id, Guid appointmentId, Guid patientId, int doctorId, int rating, string text, IReadOnlyCollection<string> flaggedWords, Instant now)
    {
        ArgumentNullException.ThrowIfNull(flaggedWords);
        Id = id;
        AppointmentId = appointmentId;
        PatientId = patientId;
        DoctorId = doctorId;
        Rating = rating;
        Text = text;
        FlaggedWords = flaggedWords.Count == 0 ? null : string.Join(", ", flaggedWords);
        Status = ReviewStatus.Pending;
        CreatedAt = now;
    }

    public void Approve(Guid adminId, Instant now) => Decide(ReviewStatus.Approved, adminId, null, now);

    public void Reject(Guid adminId, string? reason, Instant now) => Decide(ReviewStatus.Rejected, adminId, reason, now);

    public void Withdraw(Instant now)
    {
        Status = ReviewStatus.Withdrawn;
        WithdrawnAt = now;
    }

    private void Decide(ReviewStatus status, Guid adminId, string? reason, Instant now)
    {
        Status = status;
        DecidedBy = adminId;
        DecidedAt = now;
        RejectionReason = reason;
    }
}

public sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> builder)
    {
        builder.ToTable("Reviews");
        builder.Ignore(r => r.IsFlagged);
        builder.Property(r => r.Text).HasMaxLength(Review.TextMaxLength);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.FlaggedWords).HasMaxLength(1000);
        builder.Property(r => r.RejectionReason).HasMaxLength(Review.ReasonMaxLength);
        builder.Property(r => r.Reply).HasMaxLength(Review.ReplyMaxLength);
        builder.HasOne<Appointments.Appointment>().WithMany().HasForeignKey(r => r.AppointmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(r => r.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Doctors.Doctor>().WithMany().HasForeignKey(r => r.DoctorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(r => r.DecidedBy).OnDelete(DeleteBehavior.SetNull);
        // Once per appointment, withdrawn or not: the database decides a race between two submissions.
        builder.HasIndex(r => r.AppointmentId).IsUnique();
        // The profile: a doctor's approved reviews, newest first; the queue: by status, oldest first.
        builder.HasIndex(r => new { r.DoctorId, r.Status, r.CreatedAt });
        builder.HasIndex(r => new { r.Status, r.CreatedAt });
        builder.HasIndex(r => r.PatientId);
    }
}
