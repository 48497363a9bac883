using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CareSlot.Web.Features.Reviews;

/// <summary>
/// Patients rate their completed visits and withdraw their reviews; doctors read and reply to theirs; anyone reads a
/// doctor's published reviews. Someone else's review or appointment answers 404.
/// </summary>
public static class ReviewsApi
{
    public static IEndpointRouteBuilder MapReviewsApi(this IEndpointRouteBuilder routes)
    {
        var patients = routes.MapGroup("/api/v1/reviews").WithTags("Reviews").RequireAuthorization(AccountPolicies.Patient);
        patients.MapPost("/", WriteAsync)
            .WithSummary("Rate a completed visit of the caller's (appointmentId, rating 1–5, optional text ≤ 2,000). Held for moderation; 409 when already rated or not completed.");
        patients.MapGet("/mine", MineAsync).WithSummary("The caller's reviews in every state, newest first.");
        patients.MapPost("/{id:guid}/withdraw", WithdrawAsync).WithSummary("Withdraw the caller's review: it leaves the doctor's profile.");

        var doctors = routes.MapGroup("/api/v1/reviews/about-me").WithTags("Reviews").RequireAuthorization(AccountPolicies.DoctorWithSecondFactor);
        doctors.MapGet("/", AboutMeAsync).WithSummary("The published reviews of the calling doctor, newest first, with their replies.");
        doctors.MapPost("/{id:guid}/reply", ReplyAsync).WithSummary("Reply once to a published review of the caller's (reply ≤ 2,000). 409 when replied already.");

        routes.MapGet("/api/v1/doctors/{doctorId:int}/reviews", ForDoctorAsync).WithTags("Directory").AllowAnonymous()
            .WithSummary("A doctor's published reviews, newest first, a page at a time (page ≥ 1), with the average (one decimal) and count; patients by first name and initial.");
        return routes;
    }

    private static async Task<Results<Created<MyReview>, ProblemHttpResult>> WriteAsync(WriteReviewRequest request, WriteReview write, ReviewQueries queries,
        CareSlotDb db, HttpContext http, CancellationToken ct)
    {
        var outcome = await write.HandleAsync(http.User, request, ct);
        if (outcome.Problem is { } problem) return problem.ToResult();
        return TypedResults.Created($"/api/v1/reviews/{outcome.Value!.Id}", await MineOneAsync(outcome.Value.Id, queries, db, http, ct));
    }

    private static async Task<Results<Ok<IReadOnlyList<MyReview>>, ForbidHttpResult>> MineAsync(ReviewQueries queries, CareSlotDb db, HttpContext http,
        CancellationToken ct) =>
        await Viewer.FromAsync(http.User, db, ct) is { } viewer ? TypedResults.Ok(await queries.MineAsync(viewer, ct)) : TypedResults.Forbid();

    private static async Task<Results<Ok<MyReview>, ProblemHttpResult>> WithdrawAsync(Guid id, WithdrawReview withdraw, ReviewQueries queries, CareSlotDb db,
        HttpContext http, CancellationToken ct)
    {
        var outcome = await withdraw.HandleAsync(http.User, id, ct);
        if (outcome.Problem is { } problem) return problem.ToResult();
        return TypedResults.Ok(await MineOneAsync(id, queries, db, http, ct));
    }

    private static async Task<Results<Ok<IReadOnlyList<PublicReview>>, ForbidHttpResult>> AboutMeAsync(ReviewQueries queries, CareSlotDb db, HttpContext http,
        CancellationToken ct) =>
        await Viewer.FromAsync(http.User, db, ct) is { } viewer ? TypedResults.Ok(await queries.OfDoctorAsync(viewer, ct)) : TypedResults.Forbid();

    private static async Task<Results<Ok<PublicReview>, ProblemHttpResult>> ReplyAsync(Guid id, ReplyToReviewRequest request, ReplyToReview reply,
        ReviewQueries queries, CareSlotDb db, HttpContext http, CancellationToken ct)
    {
        var outcome = await reply.HandleAsync(http.User, id, request, ct);
        if (outcome.Problem is { } problem) return problem.ToResult();
        var viewer = await Viewer.FromAsync(http.User, db, ct);
        return TypedResults.Ok((await queries.OfDoctorAsync(viewer!, ct)).First(r => r.Id == id));
    }

    private static async Task<Results<Ok<DoctorRating>, ProblemHttpResult>> ForDoctorAsync(int doctorId, int? page, ReviewQueries queries, ReviewWork work,
        CancellationToken ct)
    {
        if (page is < 1 or > 100_000) return UseCaseProblem.Invalid("page", work.Text["Choose a page from 1 to 100,000."]).ToResult();
        return TypedResults.Ok(await queries.ForDoctorAsync(doctorId, page ?? 1, ct));
    }

    private static async Task<MyReview> MineOneAsync(Guid id, ReviewQueries queries, CareSlotDb db, HttpContext http, CancellationToken ct)
    {
        var viewer = await Viewer.FromAsync(http.User, db, ct);
        return (await queries.MineAsync(viewer!, ct)).First(r => r.Id == id);
    }
}
