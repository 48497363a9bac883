using System.Globalization;

namespace CareSlot.Web.Features;

/// <summary>Languages by their tags, as profiles store them: a doctor's spoken languages, a person's preferred one.</summary>
public static class Languages
{
    /// <summary>"de" → "German"; an unknown tag is shown as it is rather than failing the page.</summary>
    public static string DisplayName(string tag)
    {
        try
        {
            return CultureInfo.GetCultureInfo(tag, predefinedOnly: true).EnglishName;
        }
        catch (CultureNotFoundException)
        {
            return tag;
        }
    }
}
