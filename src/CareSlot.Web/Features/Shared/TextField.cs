using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CareSlot.Web.Features;

/// <summary>One labelled input with its hint and its error, wired for screen readers (aria-describedby).</summary>
public sealed record TextField(string Name, string Label, string Type = "text", string? Value = null,
    string? Autocomplete = null, string? Hint = null, string? Error = null, bool Required = true, string? InputMode = null)
{
    public string Id => Name.Replace('.', '_');

    /// <summary>The field with the first model-state error recorded under its name.</summary>
    public TextField WithErrorFrom(ModelStateDictionary modelState) =>
        this with { Error = modelState.TryGetValue(Name, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null };
}
