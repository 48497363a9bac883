
namespace CareSlot.Web.Features.Doctors;

public sealed record SearchFormModel(IReadOnlyList<SpecialtyItem> Specialties, string? Specialty, string? City, string? Q,
    IReadOnlyDictionary<string, string[]> Errors)
{
    public string? Visit { get; init; }
    public string? Sort { get; init; }

    /// <summary>The dates as typed, so the form shows them again (and an unreadable one next to its message).</summary>
    public string? From { get; init; }
    public string? To { get; init; }
}
