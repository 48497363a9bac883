using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CareSlot.Web.Features.HelpDesk;

/// <summary>
/// Support's work on the accounts of patients and doctors: find, look up (never clinical content), send verification again,
/// and book, move or cancel for a patient with a reason. Staff accounts, and everything else support may not do, answer 404.
/// </summary>
public static class SupportAccountsApi
{
    public static IEndpointRouteBuilder MapSupportAccountsApi(this IEndpointRouteBuilder routes)
    {
        var accounts = routes.MapGroup("/api/v1/support/accounts").WithTags("Help desk").RequireAuthorization(AccountPolicies.SupportAgent);
        accounts.MapGet("/", SearchAsync).WithSummary("Patients and doctors whose name, e-mail address or phone number contains q (2–200 characters), 50 at most.");
        accounts.MapGet("/{id:guid}", FindAsync)
            .WithSummary("One patient or doctor: contact details, verification, appointments' times, doctors and statuses — never reasons or notes.");
        accounts.MapPost("/{id:guid}/verification", ResendAsync).WithSummary("Send the verification link and SMS code again, for what is not verified yet. 409 when all is.");
        accounts.MapPost("/{id:guid}/appointments", BookAsync)
            .WithSummary("Book for the patient at their request (doctorId, appointmentTypeId, start, reason). The patient's own rules apply.");
        accounts.MapPost("/{id:guid}/appointments/{appointmentId:guid}/move", MoveAsync)
            .WithSummary("Move the patient's appointment at their request (start, reason), within the clinic's deadline for patients.");
        accounts.MapPost("/{id:guid}/appointments/{appointmentId:guid}/cancel", CancelAsync)
            .WithSummary("Cancel the patient's appointment at their request (reason), within the clinic's deadline for patients.");
        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<SupportAccountRow>>, ProblemHttpResult>> SearchAsync([FromQuery] string? q, SupportAccounts accounts,
        CancellationToken ct)
    {
        var outcome = await accounts.SearchAsync(q, ct);
        return outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Ok(outcome.Value!);
    }

    private static async Task<Results<Ok<SupportAccountView>, ProblemHttpResult>> FindAsync(Guid id, SupportAccounts accounts, ActForPatient act,
        HttpContext http, CancellationToken ct) =>
        await accounts.FindAsync(http.User, id, ct) is { } view ? TypedResults.Ok(view) : act.NotFound().ToResult();

    private static async Task<Results<Ok<VerificationResent>, ProblemHttpResult>> ResendAsync(Guid id, ActForPatient act, HttpContext http, CancellationToken ct)
    {
        var outcome = await act.ResendVerificationAsync(http.User, id, ct);
        return outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Ok(outcome.Value!);
    }

    private static async Task<Results<Created<SupportAppointmentResult>, ProblemHttpResult>> BookAsync(Guid id, SupportBookRequest request, ActForPatient act,
        HttpContext http, CancellationToken ct)
    {
        var outcome = await act.BookAsync(http.User, id, request, ct);
        return outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Created($"/api/v1/support/accounts/{id}", outcome.Value!);
    }

    private static async Task<Results<Ok<SupportAppointmentResult>, ProblemHttpResult>> MoveAsync(Guid id, Guid appointmentId, SupportMoveRequest request,
        ActForPatient act, HttpContext http, CancellationToken ct)
    {
        var outcome = await act.MoveAsync(http.User, id, appointmentId, request, ct);
        return outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Ok(outcome.Value!);
    }

    private static async Task<Results<Ok<SupportAppointmentResult>, ProblemHttpResult>> CancelAsync(Guid id, Guid appointmentId, SupportCancelRequest request,
        ActForPatient act, HttpContext http, CancellationToken ct)
    {
        var outcome = await act.CancelAsync(http.User, id, appointmentId, request, ct);
        return outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Ok(outcome.Value!);
    }
}
