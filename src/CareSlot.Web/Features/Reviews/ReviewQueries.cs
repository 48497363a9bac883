using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Features.Reviews;

/// <summary>One published review as anyone sees it: the patient by first name and initial only.</summary>
/// <param name="WrittenAt">ISO 8601 in <paramref name="TimeZone"/>, the visit's clinic's zone.</param>
public sealed record PublicReview(Guid Id, int Rating, string Text, string PatientName, string WrittenAt, string TimeZone, string? Reply, string? RepliedAt);

/// <summary>A doctor's published reviews: the average (null without any) and count of all of them, and one page, newest first.</summary>
public sealed record DoctorRating(int DoctorId, double? Average, int Count, int Page, int PageCount, IReadOnlyList<PublicReview> Reviews);

/// <summary>A patient's own review, in any state; <paramref name="Status"/> as the API writes it.</summary>
public sealed record MyReview(Guid Id, Guid AppointmentId, int DoctorId, string DoctorName, string VisitStart, int Rating, string Text, string Status,
    string WrittenAt, string TimeZone, string? RejectionReason, string? Reply, bool CanWithdraw);

public sealed record ReviewQueueRow(Guid Id, string DoctorName, int Rating, string Status, bool Flagged, string WrittenAt, string TimeZone);

/// <summary>One review for its moderator: the patient's full name (administrators may see it) and the flagged words.</summary>
public sealed record ModerationView(Guid Id, Guid AppointmentId, int DoctorId, string DoctorName, string PatientName, string PublicName, int Rating,
    string Text, string Status, IReadOnlyList<string> FlaggedWords, string WrittenAt, string TimeZone, string? DecidedAt, string? RejectionReason,
    string? Reply);

/// <summary>A visit of the patient's as the rating form shows it: whether it may be rated, and the review it already has.</summary>
public sealed record RateableVisit(Guid Id, string Start, string TimeZone, int DoctorId, string DoctorName, bool IsCompleted, Guid? ReviewId);

/// <summary>The review pages' and API's reads; each scopes itself to what the caller may see.</summary>
public sealed class ReviewQueries(CareSlotDb db, IOptions<ReviewOptions> options)
{
    private sealed record Named(Review Review, string? Zone, string? Patient, string? Doctor, Instant? VisitStart);

    private IQueryable<Named> WithNames(IQueryable<Review> reviews) => reviews.AsNoTracking().Select(r => new Named(r,
        db.Appointments.Where(a => a.Id == r.AppointmentId).Select(a => db.Clinics.Where(c => c.Id == a.ClinicId).Select(c => c.TimeZoneId).FirstOrDefault())
            .FirstOrDefault(),
        db.Users.Where(u => u.Id == r.PatientId).Select(u => u.FullName).FirstOrDefault(),
        db.Doctors.Where(d => d.Id == r.DoctorId).Select(d => (d.Title + " " + d.GivenName + " " + d.FamilyName).Trim()).FirstOrDefault(),
        db.Appointments.Where(a => a.Id == r.AppointmentId).Select(a => (Instant?)a.Start).FirstOrDefault()));

    public static DateTimeZone Zone(string? zoneId) => zoneId is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is { } zone ? zone : DateTimeZone.Utc;

    private static string? Iso(Instant? instant, DateTimeZone zone) => instant is { } at ? IsoTime.Format(at, zone) : null;

    /// <summary>A doctor's published reviews, page by page (1-based; a page past the end is empty). Anyone may read them.</summary>
    public async Task<DoctorRating> ForDoctorAsync(int doctorId, int page, CancellationToken ct)
    {
        var approved = db.Reviews.Where(r => r.DoctorId == doctorId && r.Status == ReviewStatus.Approved);
        var count = await approved.CountAsync(ct);
        var sum = count == 0 ? 0 : await approved.SumAsync(r => r.Rating, ct);
        var size = options.Value.PageSize;
        var pages = Math.Max(1, (count + size - 1) / size);
        page = Math.Clamp(page, 1, 100_000);
        var rows = await WithNames(approved.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip((page - 1) * size).Take(size))
            .ToListAsync(ct);
        var reviews = rows.Select(n =>
        {
            var zone = Zone(n.Zone);
            return new PublicReview(n.Review.Id, n.Review.Rating, n.Review.Text, ReviewNames.Public(n.Patient), IsoTime.Format(n.Review.CreatedAt, zone), zone.Id,
                n.Review.Reply, Iso(n.Review.RepliedAt, zone));
        }).ToList();
        // Rounded here, half away from zero, so every page and the API show the same one decimal.
        double? average = count == 0 ? null : Math.Round((double)sum / count, 1, MidpointRounding.AwayFromZero);
        return new DoctorRating(doctorId, average, count, page, pages, reviews);
    }

    /// <summary>The patient's own reviews in every state, newest first.</summary>
    public async Task<IReadOnlyList<MyReview>> MineAsync(Viewer viewer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (viewer.Actor != Actor.Patient) return [];
        var rows = await WithNames(db.Reviews.Where(r => r.PatientId == viewer.AccountId).OrderByDescending(r => r.CreatedAt)).ToListAsync(ct);
        return [.. rows.Select(n =>
        {
            var zone = Zone(n.Zone);
            var r = n.Review;
            return new MyReview(r.Id, r.AppointmentId, r.DoctorId, n.Doctor ?? "", Iso(n.VisitStart, zone) ?? "", r.Rating, r.Text, ReviewNames.Api(r.Status),
                IsoTime.Format(r.CreatedAt, zone), zone.Id, r.RejectionReason, r.Reply, r.Status != ReviewStatus.Withdrawn);
        })];
    }

    /// <summary>The published reviews of the signed-in doctor, newest first, each with its reply (or room for one).</summary>
    public async Task<IReadOnlyList<PublicReview>> OfDoctorAsync(Viewer viewer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (viewer is not { Actor: Actor.Doctor, DoctorId: { } doctorId }) return [];
        var rows = await WithNames(db.Reviews.Where(r => r.DoctorId == doctorId && r.Status == ReviewStatus.Approved)
            .OrderByDescending(r => r.CreatedAt).Take(200)).ToListAsync(ct);
        return [.. rows.Select(n =>
        {
            var zone = Zone(n.Zone);
            return new PublicReview(n.Review.Id, n.Review.Rating, n.Review.Text, ReviewNames.Public(n.Patient), IsoTime.Format(n.Review.CreatedAt, zone), zone.Id,
                n.Review.Reply, Iso(n.Review.RepliedAt, zone));
        })];
    }

    /// <summary>The moderation queue: pending first (oldest first), then the rest newest first; or one status only.</summary>
    public async Task<IReadOnlyList<ReviewQueueRow>> QueueAsync(ReviewStatus? status, CancellationToken ct)
    {
        var reviews = status is { } only ? db.Reviews.Where(r => r.Status == only) : db.Reviews;
        var pending = await WithNames(reviews.Where(r => r.Status == ReviewStatus.Pending).OrderBy(r => r.CreatedAt).Take(500)).ToListAsync(ct);
        var rest = status == ReviewStatus.Pending
            ? []
            : await WithNames(reviews.Where(r => r.Status != ReviewStatus.Pending).OrderByDescending(r => r.CreatedAt).Take(200)).ToListAsync(ct);
        return [.. pending.Concat(rest).Select(n =>
        {
            var zone = Zone(n.Zone);
            return new ReviewQueueRow(n.Review.Id, n.Doctor ?? "", n.Review.Rating, ReviewNames.Api(n.Review.Status), n.Review.IsFlagged,
                IsoTime.Format(n.Review.CreatedAt, zone), zone.Id);
        })];
    }

    /// <summary>One review for an administrator (the caller's role is checked by the page's or endpoint's policy and again here).</summary>
    public async Task<ModerationView?> ForModeratorAsync(Viewer? viewer, Guid id, CancellationToken ct)
    {
        if (viewer is not { Actor: Actor.Admin }) return null;
        if (await WithNames(db.Reviews.Where(r => r.Id == id)).FirstOrDefaultAsync(ct) is not { } n) return null;
        var zone = Zone(n.Zone);
        var r = n.Review;
        return new ModerationView(r.Id, r.AppointmentId, r.DoctorId, n.Doctor ?? "", n.Patient ?? "", ReviewNames.Public(n.Patient), r.Rating, r.Text,
            ReviewNames.Api(r.Status), r.FlaggedWords?.Split(", ", StringSplitOptions.RemoveEmptyEntries) ?? [], IsoTime.Format(r.CreatedAt, zone), zone.Id,
            Iso(r.DecidedAt, zone), r.RejectionReason, r.Reply);
    }

    /// <summary>The patient's own visit for the rating form; anyone else's is null (404).</summary>
    public async Task<RateableVisit?> RateableAsync(Viewer? viewer, Guid appointmentId, CancellationToken ct)
    {
        if (viewer is not { Actor: Actor.Patient }) return null;
        var found = await db.Appointments.AsNoTracking().Where(a => a.Id == appointmentId && a.PatientId == viewer.AccountId).Select(a => new
        {
            a.Id,
            a.Start,
            a.Status,
            a.DoctorId,
            Zone = db.Clinics.Where(c => c.Id == a.ClinicId).Select(c => c.TimeZoneId).FirstOrDefault(),
            Doctor = db.Doctors.Where(d => d.Id == a.DoctorId).Select(d => (d.Title + " " + d.GivenName + " " + d.FamilyName).Trim()).FirstOrDefault(),
            Review = db.Reviews.Where(r => r.AppointmentId == a.Id).Select(r => (Guid?)r.Id).FirstOrDefault(),
        }).FirstOrDefaultAsync(ct);
        if (found is null) return null;
        var zone = Zone(found.Zone);
        return new RateableVisit(found.Id, IsoTime.Format(found.Start, zone), zone.Id, found.DoctorId, found.Doctor ?? "",
            found.Status == AppointmentStatus.Completed, found.Review);
    }
}
