using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace CareSlot.Web.Features.Admin.Doctors;

public sealed record DoctorDecisionDto(string Kind, string? Text, string By, string At);

public sealed record DoctorInReviewDto(int Id, string Name, string Email, string LicenceNumber, IReadOnlyList<string> Specialties,
    IReadOnlyList<string> Clinics, bool AccountVerified, string Review, IReadOnlyList<DoctorDecisionDto> History)
{
    public static DoctorInReviewDto From(DoctorInReview d) => new(d.Id, d.DisplayName, d.Email, d.LicenceNumber, d.Specialties, d.Clinics,
        d.AccountVerified, DoctorReviewNames.Of(d.Review),
        [.. d.History.Select(h => new DoctorDecisionDto(Kind(h.Kind), h.Text, h.By, IsoTime.Format(h.At, DateTimeZone.Utc)))]);

    private static string Kind(CareSlot.Web.Features.Doctors.DoctorDecisionKind kind) => kind switch
    {
        CareSlot.Web.Features.Doctors.DoctorDecisionKind.InformationRequested => "information-requested",
        _ => kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>The review of doctors' registrations for administrators with a second factor: the same use cases as /admin/doctors/pending.</summary>
public static class AdminDoctorsApi
{
    public static IEndpointRouteBuilder MapAdminDoctorsApi(this IEndpointRouteBuilder routes)
    {
        var doctors = routes.MapGroup("/api/v1/admin/doctors").WithTags("Administration")
            .RequireAuthorization(AccountPolicies.AdminWithSecondFactor);
        doctors.MapGet("/pending", ListAsync)
            .WithSummary("Doctors waiting for a decision (review pending, awaiting-answer or answered), oldest first, each with the review's history.");
        doctors.MapPost("/{id:int}/approve", ApproveAsync)
            .WithSummary("List the doctor in the directory; they are e-mailed. 409 when they are not waiting for a decision.");
        doctors.MapPost("/{id:int}/reject", RejectAsync)
            .WithSummary("Reject the registration with a reason (at most 2000 characters) the doctor is e-mailed and reads when signing in.");
        doctors.MapPost("/{id:int}/request-information", AskAsync)
            .WithSummary("Ask the doctor a question (at most 2000 characters); they are e-mailed a link to answer it on their profile page.");
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<DoctorInReviewDto>>> ListAsync(DoctorReviews queue, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<DoctorInReviewDto>>([.. (await queue.ListAsync(ct)).Select(DoctorInReviewDto.From)]);

    private static async Task<Results<Ok<DoctorDecisionResult>, ProblemHttpResult>> ApproveAsync(int id, ApproveDoctor approve, HttpContext http,
        CancellationToken ct) => Answer(await approve.HandleAsync(http.User, id, ct));

    private static async Task<Results<Ok<DoctorDecisionResult>, ProblemHttpResult>> RejectAsync(int id, DoctorRejectionRequest request, RejectDoctor reject,
        HttpContext http, CancellationToken ct) => Answer(await reject.HandleAsync(http.User, id, request, ct));

    private static async Task<Results<Ok<DoctorDecisionResult>, ProblemHttpResult>> AskAsync(int id, DoctorQuestionRequest request, AskDoctor ask,
        HttpContext http, CancellationToken ct) => Answer(await ask.HandleAsync(http.User, id, request, ct));

    private static Results<Ok<DoctorDecisionResult>, ProblemHttpResult> Answer(Outcome<DoctorDecisionResult> outcome) =>
        outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Ok(outcome.Value!);
}
