using System.Globalization;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Doctors;

/// <summary>
/// Directory data shown in the reader's language. Specialties are rows with English names (the demo data's), so their
/// translations are texts of <see cref="DoctorsText"/> keyed by that name; a specialty an installation added without one
/// is shown as it is stored (a localizer answers a missing text with its key).
/// </summary>
public static class DoctorsTextExtensions
{
    public static string SpecialtyName(this IStringLocalizer<DoctorsText> text, string storedName) => text[storedName];

    /// <summary>The specialties with their names in the reader's language, in that language's alphabetical order.</summary>
    public static IReadOnlyList<SpecialtyItem> InReadersLanguage(this IStringLocalizer<DoctorsText> text, IEnumerable<SpecialtyItem> specialties) =>
        [.. specialties.Select(s => s with { Name = text.SpecialtyName(s.Name) }).OrderBy(s => s.Name, ReadersOrder())];

    /// <summary>"Cardiology, Neurology" in the reader's language and order.</summary>
    public static string SpecialtyNames(this IStringLocalizer<DoctorsText> text, IEnumerable<string> storedNames) =>
        string.Join(", ", storedNames.Select(text.SpecialtyName).Order(ReadersOrder()));

    public static string SpecialtyNames(this IStringLocalizer<DoctorsText> text, IEnumerable<SpecialtyItem> specialties) =>
        text.SpecialtyNames(specialties.Select(s => s.Name));

    /// <summary>
    /// A language a doctor speaks ("de"), named in the reader's language: <see cref="Languages.DisplayName"/> gives the English
    /// name, which is the key of its translation here.
    /// </summary>
    public static string LanguageName(this IStringLocalizer<DoctorsText> text, string tag) => text[Languages.DisplayName(tag)];

    public static string LanguageNames(this IStringLocalizer<DoctorsText> text, IEnumerable<string> tags) =>
        string.Join(", ", tags.Select(text.LanguageName));

    private static StringComparer ReadersOrder() => StringComparer.Create(CultureInfo.CurrentUICulture, ignoreCase: false);
}
