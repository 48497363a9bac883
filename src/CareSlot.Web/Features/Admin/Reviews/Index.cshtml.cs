using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Reviews;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Admin.Reviews;

/// <summary>
/// The moderation queue: pending reviews first (oldest first), flagged ones marked, then the decided ones; or one status.
/// A filter that is no status is a 400 with the message next to it, and the unfiltered queue.
/// </summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class IndexModel(ReviewQueries queries, ReviewWork work) : PageModel
{
    public IReadOnlyList<ReviewQueueRow> Rows { get; private set; } = [];
    public ReviewStatus? Status { get; private set; }
    public string? StatusError { get; private set; }

    public async Task OnGetAsync(string? status, CancellationToken ct)
    {
        var parsed = AdminReviewsApi.ParseStatus(status, work);
        if (parsed.Problem is { } problem)
        {
            StatusError = problem.Detail;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else
        {
            Status = parsed.Value;
        }
        Rows = await queries.QueueAsync(Status, ct);
    }
}
