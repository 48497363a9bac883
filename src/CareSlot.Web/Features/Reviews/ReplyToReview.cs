using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CareSlot.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Reviews;

public sealed record ReplyToReviewRequest([property: DataType(DataType.MultilineText)] string? Reply);

/// <summary>
/// The reviewed doctor replies once to a published review. The reply is set by one conditional update ("where no reply
/// yet"), so of two replies at once exactly one lands and the other is a 409. A review not published, or another doctor's,
/// is 404.
/// </summary>
public sealed class ReplyToReview(ReviewWork work)
{
    public async Task<Outcome<Guid>> HandleAsync(ClaimsPrincipal user, Guid reviewId, ReplyToReviewRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        work.CheckText(request, "reply", request.Reply, Review.ReplyMaxLength, work.Text["Write your reply."], errors);
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);

        var viewer = await work.ViewerAsync(user, ct);
        if (viewer is not { Actor: Actor.Doctor }) return work.NotFound();
        var mine = work.Db.Reviews.Where(r => r.Id == reviewId && r.DoctorId == viewer.DoctorId && r.Status == ReviewStatus.Approved);
        if (!await mine.AnyAsync(ct)) return work.NotFound();

        var reply = ReviewWork.Clean(request.Reply);
        var now = work.Now;
        var updated = await mine.Where(r => r.Reply == null)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Reply, reply).SetProperty(r => r.RepliedAt, now), ct);
        if (updated == 0)
        {
            return new UseCaseProblem(StatusCodes.Status409Conflict, work.Text["You have already replied to this review."],
                work.Text["A review has one reply from its doctor."]);
        }
        return new Outcome<Guid>(reviewId, null);
    }
}
