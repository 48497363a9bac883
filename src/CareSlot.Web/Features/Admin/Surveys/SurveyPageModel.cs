using CareSlot.Web.Features.Surveys;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Admin.Surveys;

/// <summary>What the new and edit pages share: the form, and how a refusal shows next to its fields (one question's too).</summary>
public abstract class SurveyPageModel : PageModel
{
    [BindProperty]
    public SurveyInput Input { get; set; } = new();

    public string? FieldError(string key) => ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    protected PageResult Refused(UseCaseProblem? problem)
    {
        if (problem?.Errors is { } errors)
        {
            // "questions[2].choices" is Input.Questions[2].Choices on the page: each error beside its own question's field.
            foreach (var (field, messages) in errors)
            {
                var key = "Input." + string.Join('.', field.Split('.').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
                foreach (var message in messages) ModelState.AddModelError(key, message);
            }
        }
        else if (problem is not null)
        {
            ModelState.AddProblem(problem);
        }
        Input.AddBlankRows();
        Response.StatusCode = problem?.Status ?? StatusCodes.Status400BadRequest;
        return Page();
    }
}
