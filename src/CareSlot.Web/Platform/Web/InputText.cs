using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Platform.Web;

/// <summary>
/// What no text field accepts, checked at the edge (API arguments, form fields) before any feature sees the text:
/// control characters (PostgreSQL refuses NUL outright, and the rest end up in e-mails and logs), broken UTF-16,
/// and text longer than any field needs. Tab is fine everywhere; line breaks only in multi-line fields, which say
/// so with <c>[DataType(DataType.MultilineText)]</c>.
/// </summary>
public static class InputText
{
    /// <summary>Longer than any field stores (a biography is 2,000); fields check their own smaller limits.</summary>
    public const int MaxLength = 10_000;

    /// <summary>Why the text is refused, in words for the person who typed it; null when it is acceptable.</summary>
    public static string? Problem(string? text, bool multiline, IStringLocalizer<WebText> words)
    {
        if (text is null) return null;
        if (text.Length > MaxLength) return words["This is too long: at most {0} characters.", SiteLanguages.Number(MaxLength)];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c)) return words["This contains a broken character (an unpaired UTF-16 surrogate)."];
            // Direction overrides make text read differently from what it is (a name that reverses the words after it in an e-mail).
            if (!multiline && IsDirectionOverride(c)) return words["This contains a hidden direction control ({0}) that is not allowed.", CodePoint(c)];
            if (!char.IsControl(c) || c == '\t') continue;
            if (multiline && c is '\n' or '\r') continue;
            return c is '\n' or '\r'
                ? words["Use a single line here: line breaks are not allowed."]
                : words["This contains a control character ({0}) that is not allowed.", CodePoint(c)];
        }
        return null;
    }

    private static string CodePoint(char c) => string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}");

    /// <summary>
    /// True when nothing in the text would show: empty, spaces, or only invisible characters (zero-width space, joiners,
    /// byte-order mark, Hangul fillers, the blank Braille pattern). A name like that reaches e-mails as nothing at all.
    /// </summary>
    public static bool IsBlank(string? text) => text is null || !text.Any(IsVisible);

    private static bool IsVisible(char c) =>
        !char.IsWhiteSpace(c) && !char.IsControl(c) && char.GetUnicodeCategory(c) != UnicodeCategory.Format
        && c is not ('\u115F' or '\u1160' or '\u3164' or '\uFFA0' or '\u2800');

    private static bool IsDirectionOverride(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    public static bool IsMultiline(ICustomAttributeProvider member) =>
        member.GetCustomAttributes(typeof(DataTypeAttribute), inherit: true).OfType<DataTypeAttribute>()
            .Any(a => a.DataType == DataType.MultilineText);
}
