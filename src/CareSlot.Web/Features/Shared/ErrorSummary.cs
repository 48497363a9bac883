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
            .OrderBy(entry => FieldOrder.Contains(entry.Key) ? FieldOrder.ToList().IndexOf(entry.Key) : int.MaxValue)
            .Select(entry => (entry.Key, entry.Value!.Errors[0].ErrorMessage));
}
