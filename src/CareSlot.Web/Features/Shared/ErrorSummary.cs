using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CareSlot.Web.Features;

/// <summary>
/// The list of a form's problems above the form, in the order of its fields (model state keeps no order),
/// each linking to its field; problems that belong to no field are plain text.
/// </summary>
public sealed record ErrorSummary(ModelStateDictionary ModelState, IReadOnlyList<string> FieldOrder)
{
    public IEnumerable<(string Key, string Message)> InFormOrder() =>
        ModelState.Where(entry => entry.Value!.Errors.Count > 0)
            .OrderBy(entry => Position(entry.Key))
            .Select(entry => (entry.Key, entry.Value!.Errors[0].ErrorMessage));

    private int Position(string key)
    {
        for (var i = 0; i < FieldOrder.Count; i++)
        {
            if (FieldOrder[i] == key) return i;
        }
        return int.MaxValue; // form-level problems last
    }
}
