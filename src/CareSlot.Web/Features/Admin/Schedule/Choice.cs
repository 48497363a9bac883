namespace CareSlot.Web.Features.Admin.Schedule;

/// <summary>A group of radio buttons (<c>_Choice</c>): its field's name, its question, the options (value, label) and the chosen one.</summary>
public sealed record Choice(string Name, string Legend, IReadOnlyList<(string Value, string Label)> Options, string? Selected)
{
    public string Id => Name.Replace('.', '_');
}
