using System.Collections;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Resources;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features;

/// <summary>
/// The few words the app writes into the database itself, where a person's words would otherwise be: an erased account's
/// name, the reason of a change nobody typed (an automatic confirmation, an erasure's cancellations), the notice that replaced
/// a removed message, an erased account's suspension. They are stored in English, one spelling for searches, exports and the
/// API, and shown in the reader's language; StoredPhrases.resx holds them, a file per language beside it. Anything else is a
/// person's own words and is shown as it is.
/// </summary>
public sealed class StoredPhrases(IStringLocalizer<StoredPhrases> text)
{
    /// <summary>
    /// The English phrases, so that only they are looked up: the localizer logs each name it searches for at Debug, and a
    /// message body or a name must never reach a log.
    /// </summary>
    private static readonly FrozenSet<string> Phrases = new ResourceManager(typeof(StoredPhrases))
        .GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!
        .Cast<DictionaryEntry>().Select(entry => (string)entry.Key).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The stored text in the current UI culture if the app wrote it, else unchanged.</summary>
    [return: NotNullIfNotNull(nameof(stored))]
    public string? Shown(string? stored) => stored is not null && Phrases.Contains(stored) ? text[stored].Value : stored;

    /// <summary>The same, in a recipient's language (their profile's, for an e-mail or SMS), whatever the current request's.</summary>
    [return: NotNullIfNotNull(nameof(stored))]
    public string? ShownIn(CultureInfo language, string? stored)
    {
        var current = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = language;
        try
        {
            return Shown(stored);
        }
        finally
        {
            CultureInfo.CurrentUICulture = current;
        }
    }
}
