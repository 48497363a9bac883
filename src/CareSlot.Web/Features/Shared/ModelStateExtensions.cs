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
            var key = field.Length == 0 ? "" : "Input." + char.ToUpperInvariant(field[0]) + field[1..];
            foreach (var message in messages) modelState.AddModelError(key, message);
        }
    }
}
