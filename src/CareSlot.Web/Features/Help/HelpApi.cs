using Microsoft.AspNetCore.Http.HttpResults;

namespace CareSlot.Web.Features.Help;

/// <summary>The public FAQ: published entries of one language, all of them by topic or those a search finds, best first.</summary>
public static class HelpApi
{
    public static IEndpointRouteBuilder MapHelpApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/v1/faq").WithTags("Help")
            .MapGet("/", ReadAsync)
            .WithSummary("Published FAQ entries (lang: en or de; the request's language when left out, English when that one has none), " +
                "grouped by topic, or with q the entries whose question or answer contain its words, best first; topic narrows either.");
        return routes;
    }

    private static async Task<Results<Ok<FaqPage>, ProblemHttpResult>> ReadAsync(string? q, string? topic, string? lang, FaqQueries queries, CancellationToken ct)
    {
        var outcome = await queries.ReadAsync(q, topic, lang, ct);
        return outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Ok(outcome.Value!);
    }
}
