using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Reviews;

/// <summary>A piece of a review's text, and whether it is a blocked word, so a page can mark it without writing markup from text.</summary>
public sealed record TextPiece(string Text, bool Blocked);

/// <summary>
/// Finds the configured blocked words in a text: whole words, any case. One pattern is built from the list; the list is
/// escaped, so a word with regex characters means itself. A time limit keeps a hostile text from holding the request.
/// </summary>
public sealed class BlockedWords
{
    private readonly Regex? pattern;

    public BlockedWords(IOptions<ReviewOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var words = options.Value.BlockedWords.Select(w => w.Trim()).Where(w => w.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(w => w.Length).Select(Regex.Escape).ToArray();
        if (words.Length > 0)
        {
            pattern = new Regex($@"(?<!\w)(?:{string.Join('|', words)})(?!\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
                TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>The distinct blocked words in <paramref name="text"/>, lower case, in order of appearance.</summary>
    public IReadOnlyList<string> Find(string text) => pattern is null
        ? []
        : pattern.Matches(text).Select(m => m.Value.ToLower(CultureInfo.InvariantCulture)).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The text cut at its blocked words.</summary>
    public IReadOnlyList<TextPiece> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (pattern is null) return [new TextPiece(text, false)];
        var pieces = new List<TextPiece>();
        var at = 0;
        foreach (Match match in pattern.Matches(text))
        {
            if (match.Index > at) pieces.Add(new TextPiece(text[at..match.Index], false));
            pieces.Add(new TextPiece(match.Value, true));
            at = match.Index + match.Length;
        }
        if (at < text.Length) pieces.Add(new TextPiece(text[at..], false));
        return pieces;
    }
}
