using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Reviews;

/// <param name="Reason">Why a review is rejected, optional, at most 500 characters; the patient reads it.</param>
public sealed record RejectReviewRequest([property: DataType(DataType.MultilineText)] string? Reason);

/// <summary>
/// An administrator approves or rejects a pending review. The decision, its notices (the patient; on approval the doctor
/// too) and its audit row are one transaction; the status moves by a conditional update ("where still pending"), so two
/// administrators deciding at once cannot both win: the second gets 409.
/// </summary>
public sealed class ModerateReview(ReviewWork work)
{
    public Task<Outcome<Review>> ApproveAsync(ClaimsPrincipal user, Guid reviewId, CancellationToken ct) =>
        DecideAsync(user, reviewId, approve: true, null, ct);

    public async Task<Outcome<Review>> RejectAsync(ClaimsPrincipal user, Guid reviewId, RejectReviewRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        work.CheckText(request, "reason", request.Reason, Review.ReasonMaxLength, null, errors);
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        var reason = ReviewWork.Clean(request.Reason);
        return await DecideAsync(user, reviewId, approve: false, reason.Length == 0 ? null : reason, ct);
    }

    private async Task<Outcome<Review>> DecideAsync(ClaimsPrincipal user, Guid reviewId, bool approve, string? reason, CancellationToken ct)
    {
        var viewer = await work.ViewerAsync(user, ct);
        var review = viewer is { Actor: Actor.Admin } ? await work.Db.Reviews.AsNoTracking().FirstOrDefaultAsync(r => r.Id == reviewId, ct) : null;
        if (review is null) return work.NotFound();
        if (review.Status != ReviewStatus.Pending) return Decided(review);

        var now = work.Now;
        var db = work.Db;
        var won = false;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var pending = db.Reviews.Where(r => r.Id == reviewId && r.Status == ReviewStatus.Pending);
            var updated = approve
                ? await pending.ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, ReviewStatus.Approved)
                    .SetProperty(r => r.DecidedBy, viewer!.AccountId).SetProperty(r => r.DecidedAt, now), ct)
                : await pending.ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, ReviewStatus.Rejected)
                    .SetProperty(r => r.DecidedBy, viewer!.AccountId).SetProperty(r => r.DecidedAt, now).SetProperty(r => r.RejectionReason, reason), ct);
            won = updated == 1;
            if (!won) return;
            await work.NotifyAsync(review.PatientId, approve ? ReviewNotice.Approved : ReviewNotice.Rejected, review.Id, ct);
            if (approve && await work.DoctorAccountAsync(review.DoctorId, ct) is { } doctorAccount)
            {
                await work.NotifyAsync(doctorAccount, ReviewNotice.Published, review.Id, ct);
            }
            await db.SaveChangesAsync(ct);
            await work.RecordAsync(ReviewWork.Audit(review, approve ? AuditActions.ReviewApproved : AuditActions.ReviewRejected), ct);
            await transaction.CommitAsync(ct);
        });
        var current = await db.Reviews.AsNoTracking().FirstAsync(r => r.Id == reviewId, ct);
        return won ? new Outcome<Review>(current, null) : Decided(current);
    }

    private UseCaseProblem Decided(Review review) => new(StatusCodes.Status409Conflict, work.Text["This review has already been decided."],
        review.Status switch
        {
            ReviewStatus.Approved => work.Text["It was approved and is on the doctor's profile."],
            ReviewStatus.Rejected => work.Text["It was rejected."],
            _ => work.Text["Its patient withdrew it."],
        });
}
