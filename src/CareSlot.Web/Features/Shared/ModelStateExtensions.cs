using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CareSlot.Web.Features;

public static class ModelStateExtensions
{
    /// <summary>
    /// Puts a use case's problems (keyed by camelCase request field, "" for the whole form) next to the
    /// page's fields, which are bound as <c>Input.PascalCase</c>.
    /// </summary>
    public static void AddInputErrors(this ModelStateDictionary modelState, IReadOnlyDictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in errors)
        {
            // A problem with one item of a list ("specialties[1]") belongs to the list's field.
            var name = field.IndexOf('[', StringComparison.Ordinal) is > 0 and var bracket ? field[..bracket] : field;
            var key = name.Length == 0 ? "" : "Input." + char.ToUpperInvariant(name[0]) + name[1..];
            foreach (var message in messages) modelState.AddModelError(key, message);
        }
    }

    /// <summary>A use case's refusal on a form: its field errors next to the fields, else its title and detail above the form.</summary>
    public static void AddProblem(this ModelStateDictionary modelState, UseCaseProblem problem)
    {
        if (problem.Errors is { } errors) modelState.AddInputErrors(errors.AsReadOnly());
        else modelState.AddModelError("", $"{problem.Title} {problem.Detail}");
    }
}
