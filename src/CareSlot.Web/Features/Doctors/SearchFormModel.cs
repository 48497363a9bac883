
namespace CareSlot.Web.Features.Doctors;

public sealed record SearchFormModel(IReadOnlyList<SpecialtyItem> Specialties, string? Specialty, string? City, string? Q,
    IReadOnlyDictionary<string, string[]> Errors)
{
    public string? Visit { get; init; }
    public string? Sort { get; init; }
}
