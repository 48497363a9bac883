using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Reviews;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CareSlot.Web.Features.Admin.Reviews;

/// <summary>The moderation of reviews: the queue (pending first, flagged ones marked), one review, approve and reject (audited).</summary>
public static class AdminReviewsApi
{
    public static IEndpointRouteBuilder MapAdminReviewsApi(this IEndpointRouteBuilder routes)
    {
        var reviews = routes.MapGroup("/api/v1/admin/reviews").WithTags("Administration").RequireAuthorization(AccountPolicies.AdminWithSecondFactor);
        reviews.MapGet("/", QueueAsync).WithSummary("Reviews to moderate: pending first (oldest first), then the rest newest first; status = pending, approved, rejected or withdrawn.");
        reviews.MapGet("/{id:guid}", GetAsync).WithSummary("One review with the blocked words it contains.");
        reviews.MapPost("/{id:guid}/approve", ApproveAsync).WithSummary("Publish a pending review on the doctor's profile. 409 when decided already.");
        reviews.MapPost("/{id:guid}/reject", RejectAsync).WithSummary("Refuse a pending review (optional reason ≤ 500, which the patient reads). 409 when decided already.");
        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<ReviewQueueRow>>, ProblemHttpResult>> QueueAsync(string? status, ReviewQueries queries, ReviewWork work,
        CancellationToken ct)
    {
        var filter = ParseStatus(status, work);
        if (filter.Problem is { } problem) return problem.ToResult();
        return TypedResults.Ok(await queries.QueueAsync(filter.Value, ct));
    }

    /// <summary>A status filter: none, or one of the statuses as the API writes them; anything else is a 400 naming <c>status</c>.</summary>
    public static Outcome<ReviewStatus?> ParseStatus(string? status, ReviewWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (string.IsNullOrWhiteSpace(status)) return new Outcome<ReviewStatus?>(null, null);
        return ReviewNames.TryParse(status, out var parsed)
            ? new Outcome<ReviewStatus?>(parsed, null)
            : UseCaseProblem.Invalid("status", work.Text["Choose a status: pending, approved, rejected or withdrawn."]);
    }

    private static async Task<Results<Ok<ModerationView>, ProblemHttpResult>> GetAsync(Guid id, ReviewQueries queries, ReviewWork work, CareSlotDb db,
        HttpContext http, CancellationToken ct) =>
        await queries.ForModeratorAsync(await Viewer.FromAsync(http.User, db, ct), id, ct) is { } view ? TypedResults.Ok(view) : work.NotFound().ToResult();

    private static async Task<Results<Ok<ModerationView>, ProblemHttpResult>> ApproveAsync(Guid id, ModerateReview moderate, ReviewQueries queries,
        CareSlotDb db, HttpContext http, CancellationToken ct) => await AnswerAsync(id, await moderate.ApproveAsync(http.User, id, ct), queries, db, http, ct);

    /// <remarks>The body is optional: a rejection without a reason needs none.</remarks>
    private static async Task<Results<Ok<ModerationView>, ProblemHttpResult>> RejectAsync(Guid id, RejectReviewRequest? request, ModerateReview moderate,
        ReviewQueries queries, CareSlotDb db, HttpContext http, CancellationToken ct) =>
        await AnswerAsync(id, await moderate.RejectAsync(http.User, id, request ?? new RejectReviewRequest(null), ct), queries, db, http, ct);

    private static async Task<Results<Ok<ModerationView>, ProblemHttpResult>> AnswerAsync(Guid id, Outcome<Review> outcome, ReviewQueries queries,
        CareSlotDb db, HttpContext http, CancellationToken ct)
    {
        if (outcome.Problem is { } problem) return problem.ToResult();
        return TypedResults.Ok((await queries.ForModeratorAsync(await Viewer.FromAsync(http.User, db, ct), id, ct))!);
    }
}
