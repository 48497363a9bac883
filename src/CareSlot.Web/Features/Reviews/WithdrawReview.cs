using System.Security.Claims;
using CareSlot.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Reviews;

/// <summary>The patient withdraws their review in any state: it leaves the profile (and its average) at once. Anyone else's is 404.</summary>
public sealed class WithdrawReview(ReviewWork work)
{
    public async Task<Outcome<Review>> HandleAsync(ClaimsPrincipal user, Guid reviewId, CancellationToken ct)
    {
        var viewer = await work.ViewerAsync(user, ct);
        var review = viewer is { Actor: Actor.Patient }
            ? await work.Db.Reviews.FirstOrDefaultAsync(r => r.Id == reviewId && r.PatientId == viewer.AccountId, ct)
            : null;
        if (review is null) return work.NotFound();
        if (review.Status == ReviewStatus.Withdrawn)
        {
            return new UseCaseProblem(StatusCodes.Status409Conflict, work.Text["This review is already withdrawn."],
                work.Text["It is not shown anywhere."]);
        }
        review.Withdraw(work.Now);
        await work.Db.SaveChangesAsync(ct);
        return new Outcome<Review>(review, null);
    }
}
