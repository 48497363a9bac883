using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Disputes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CareSlot.Web.Features.Admin.Disputes;

/// <summary>The administrators' side of disputes: the queue with its SLA clock, reading (audited), assigning, asking and resolving.</summary>
public static class AdminDisputesApi
{
    public static IEndpointRouteBuilder MapAdminDisputesApi(this IEndpointRouteBuilder routes)
    {
        var disputes = routes.MapGroup("/api/v1/admin/disputes").WithTags("Administration")
            .RequireAuthorization(AccountPolicies.AdminWithSecondFactor);
        disputes.MapGet("/", QueueAsync)
            .WithSummary("Disputes in progress (or in one state), optionally of one kind, oldest in their state first, with hours in the state against its target.");
        disputes.MapGet("/{id:guid}", GetAsync).WithSummary("One dispute with its history and statements; the read is audited.");
        disputes.MapPost("/{id:guid}/assign", AssignAsync).WithSummary("Assign to an administrator (assigneeId; yourself when left out). An open dispute goes under review.");
        disputes.MapPost("/{id:guid}/questions", AskAsync).WithSummary("Ask the patient, the doctor or both (audience, question): the dispute awaits a party.");
        disputes.MapPost("/{id:guid}/resolve", ResolveAsync)
            .WithSummary("Resolve (outcome: upheld, rejected, partly-upheld; explanation). An upheld contested no-show clears the no-show.");
        disputes.MapGet("/{id:guid}/files/{fileId:guid}", DisputesApi.FileAsync).WithSummary("A file of the dispute, as a download; audited.");
        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<DisputeQueueRow>>, ProblemHttpResult>> QueueAsync(string? state, string? kind, DisputeQueries queries,
        DisputeWork work, CancellationToken ct)
    {
        var filter = DisputeQueueFilter.Parse(state, kind, work.Text);
        if (filter.Problem is { } problem) return problem.ToResult();
        return TypedResults.Ok(await queries.QueueAsync(filter.Value!.State, filter.Value.Kind, ct));
    }

    private static async Task<Results<Ok<DisputeView>, ProblemHttpResult>> GetAsync(Guid id, DisputeQueries queries, DisputeWork work, HttpContext http,
        CancellationToken ct) =>
        await queries.ForAdminAsync(http.User, id, ct) is { } view ? TypedResults.Ok(view) : work.NotFound().ToResult();

    private static async Task<Results<Ok<DisputeView>, ProblemHttpResult>> AssignAsync(Guid id, AssignDisputeRequest request, AssignDispute assign,
        DisputeQueries queries, HttpContext http, CancellationToken ct) => await AnswerAsync(id, await assign.HandleAsync(http.User, id, request, ct), queries, http, ct);

    private static async Task<Results<Ok<DisputeView>, ProblemHttpResult>> AskAsync(Guid id, AskPartiesRequest request, AskParties ask,
        DisputeQueries queries, HttpContext http, CancellationToken ct) => await AnswerAsync(id, await ask.HandleAsync(http.User, id, request, ct), queries, http, ct);

    private static async Task<Results<Ok<DisputeView>, ProblemHttpResult>> ResolveAsync(Guid id, ResolveDisputeRequest request, ResolveDispute resolve,
        DisputeQueries queries, HttpContext http, CancellationToken ct) => await AnswerAsync(id, await resolve.HandleAsync(http.User, id, request, ct), queries, http, ct);

    private static async Task<Results<Ok<DisputeView>, ProblemHttpResult>> AnswerAsync(Guid id, Outcome<Dispute> outcome, DisputeQueries queries,
        HttpContext http, CancellationToken ct)
    {
        if (outcome.Problem is { } problem) return problem.ToResult();
        return TypedResults.Ok((await queries.ForAdminAsync(http.User, id, ct))!);
    }
}
