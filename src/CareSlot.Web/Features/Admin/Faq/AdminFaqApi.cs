using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Help;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CareSlot.Web.Features.Admin.Faq;

/// <summary>Administrators' FAQ: every entry with its votes, and adding, changing and deleting entries (each audited).</summary>
public static class AdminFaqApi
{
    public static IEndpointRouteBuilder MapAdminFaqApi(this IEndpointRouteBuilder routes)
    {
        var faq = routes.MapGroup("/api/v1/admin/faq").WithTags("Administration")
            .RequireAuthorization(AccountPolicies.AdminWithSecondFactor);
        faq.MapGet("/", ListAsync).WithSummary("Every FAQ entry in both languages, published or not, with its helpful and not-helpful votes.");
        faq.MapPost("/", CreateAsync).WithSummary("Add an entry (language en or de, topic, question, answer in Markdown, order, published).");
        faq.MapGet("/{id:int}", GetAsync).WithSummary("One entry with its Markdown, its sanitized HTML and its votes.");
        faq.MapPut("/{id:int}", UpdateAsync).WithSummary("Change an entry; every field is sent again.");
        faq.MapDelete("/{id:int}", DeleteAsync).WithSummary("Delete an entry and its votes.");
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<FaqAdminRow>>> ListAsync(FaqQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListForAdminAsync(ct));

    private static async Task<Results<Ok<FaqAdminEntry>, ProblemHttpResult>> GetAsync(int id, FaqQueries queries, Microsoft.Extensions.Localization.IStringLocalizer<HelpText> text,
        CancellationToken ct) =>
        await queries.FindForAdminAsync(id, ct) is { } entry ? TypedResults.Ok(entry) : SaveFaqEntry.NotFound(text).ToResult();

    private static async Task<Results<Created<FaqAdminEntry>, ProblemHttpResult>> CreateAsync(FaqEntryRequest request, SaveFaqEntry save, FaqQueries queries,
        CancellationToken ct)
    {
        var outcome = await save.CreateAsync(request, ct);
        if (outcome.Problem is { } problem) return problem.ToResult();
        return TypedResults.Created($"/api/v1/admin/faq/{outcome.Value!.Id}", await queries.FindForAdminAsync(outcome.Value.Id, ct));
    }

    private static async Task<Results<Ok<FaqAdminEntry>, ProblemHttpResult>> UpdateAsync(int id, FaqEntryRequest request, SaveFaqEntry save, FaqQueries queries,
        CancellationToken ct)
    {
        var outcome = await save.UpdateAsync(id, request, ct);
        if (outcome.Problem is { } problem) return problem.ToResult();
        return TypedResults.Ok((await queries.FindForAdminAsync(id, ct))!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(int id, SaveFaqEntry save, CancellationToken ct)
    {
        var outcome = await save.DeleteAsync(id, ct);
        return outcome.Problem is { } problem ? problem.ToResult() : TypedResults.NoContent();
    }
}
