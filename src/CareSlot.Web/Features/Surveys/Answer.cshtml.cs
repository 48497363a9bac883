using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Surveys;

/// <summary>
/// A survey answered through its e-mailed link, without signing in: the questions, each error next to its question, then the
/// thank-you page; a link that is unknown (404), expired or closed (410) or used (a notice) shows why instead of the form.
/// </summary>
public sealed class AnswerModel(AnswerSurvey answer) : PageModel
{
    public SurveyLink Link { get; private set; } = new(SurveyLinkState.Unknown, null, null);

    public UseCaseProblem? Refusal { get; private set; }

    /// <summary>What the form sent, to show again beside its errors.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Given { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();

    public IReadOnlyList<string> FieldOrder => [.. Link.Questions.Select(AnswerSurvey.Field)];

    public string? Error(string field) => ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    public bool IsGiven(string field, string value) => Given.TryGetValue(field, out var values) && values.Contains(value);

    public string GivenText(string field) => Given.TryGetValue(field, out var values) ? string.Join("\n", values) : "";

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        Link = await answer.FindAsync(token, ct);
        if (Link.State != SurveyLinkState.Usable) Refuse(answer.Refusal(Link.State), Link.State == SurveyLinkState.Answered ? StatusCodes.Status200OK : null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        Given = Request.Form.Where(f => f.Key.StartsWith('q')).ToDictionary(f => f.Key, f => (IReadOnlyList<string>)[.. f.Value.Select(v => v ?? "")]);
        var outcome = await answer.HandleAsync(token, Given, ct);
        if (outcome.Problem is null) return LocalRedirect("/surveys/thanks");
        Link = await answer.FindAsync(token, ct);
        if (outcome.Problem.Errors is { } errors)
        {
            foreach (var (field, messages) in errors)
            {
                foreach (var message in messages) ModelState.AddModelError(field, message);
            }
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Refuse(outcome.Problem, null);
        return Page();
    }

    private void Refuse(UseCaseProblem problem, int? status)
    {
        Refusal = problem;
        Response.StatusCode = status ?? problem.Status;
    }
}
