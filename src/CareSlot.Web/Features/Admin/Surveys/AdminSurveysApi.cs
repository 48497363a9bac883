using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Surveys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin.Surveys;

/// <summary>A survey in the API's list; audience and state as the API writes them (patients, doctors; draft, open, closed).</summary>
public sealed record SurveyListItem(int Id, string Title, string Audience, string State, bool SendAfterVisits, int Questions, int Invited, int Responses);

/// <summary>One bar of a question's results: a rating ("1"–"5") or a choice, and how many gave it.</summary>
public sealed record SurveyResultCount(string Answer, int Count);

/// <summary>One question's results: counts for ratings and choices (with the average rating), the newest free-text answers.</summary>
public sealed record SurveyQuestionResults(int Position, string Prompt, string Kind, bool Required, int Answered, IReadOnlyList<SurveyResultCount> Counts,
    double? Average, IReadOnlyList<string> Texts);

public sealed record SurveyResultsView(int Id, string Title, string State, int Invited, int Responses, double ResponseRate,
    IReadOnlyList<SurveyQuestionResults> Questions);

/// <summary>Surveys for administrators' tools, read only: the list and one survey's results (the CSV is the page's).</summary>
public static class AdminSurveysApi
{
    public static IEndpointRouteBuilder MapAdminSurveysApi(this IEndpointRouteBuilder routes)
    {
        var surveys = routes.MapGroup("/api/v1/admin/surveys").WithTags("Administration").RequireAuthorization(AccountPolicies.AdminWithSecondFactor);
        surveys.MapGet("/", ListAsync).WithSummary("Every survey, newest first, with how many were invited and answered.");
        surveys.MapGet("/{id:int}/results", ResultsAsync).WithSummary("One survey's results: per question the counts (and average rating) or the newest free-text answers.");
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<SurveyListItem>>> ListAsync(SurveyQueries queries, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<SurveyListItem>>([.. (await queries.ListAsync(ct)).Select(row => new SurveyListItem(row.Id, row.Title,
            SurveyNames.Api(row.Audience), SurveyNames.Api(row.State), row.SendAfterVisits, row.Questions, row.Invited, row.Responses))]);

    private static async Task<Results<Ok<SurveyResultsView>, ProblemHttpResult>> ResultsAsync(int id, SurveyResults results,
        IStringLocalizer<SurveysText> text, CancellationToken ct)
    {
        if (await results.ForAsync(id, ct) is not { } sheet)
        {
            return UseCaseProblem.NotFound(text["Survey not found."], text["There is no survey with that id."]).ToResult();
        }
        return TypedResults.Ok(new SurveyResultsView(sheet.Survey.Id, sheet.Survey.Title, SurveyNames.Api(sheet.Survey.State), sheet.Invited, sheet.Responses,
            sheet.ResponseRate, [.. sheet.Questions.Select(q => new SurveyQuestionResults(q.Question.Position, q.Question.Prompt, SurveyNames.Api(q.Question.Kind),
                q.Question.Required, q.Answered, [.. q.Bars.Select(b => new SurveyResultCount(b.Label, b.Count))], q.Average, [.. q.Texts.Select(t => t.Text)]))]));
    }
}
