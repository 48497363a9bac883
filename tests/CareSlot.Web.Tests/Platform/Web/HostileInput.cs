using System.Globalization;
using System.Text;

namespace CareSlot.Web.Tests.Platform.Web;

/// <summary>One hostile value: what it is, and the text sent.</summary>
public sealed record HostileValue(string What, string Text)
{
    public override string ToString() => What;
}

/// <summary>The inputs an attacker or a careless client sends, as found when the running site was probed (issue 14).</summary>
public static class HostileInput
{
    /// <summary>Text no field accepts, whatever it is: refused with a 400 (or a form error) that names the field.</summary>
    public static readonly IReadOnlyList<HostileValue> RefusedEverywhere =
    [
        new("NUL", "a\u0000b"),
        new("bell", "\u0007"),
        new("escape sequence", "\u001b[31mred"),
        new("DEL", "x\u007f"),
        new("C1 next-line", "x\u0085y"),
        new("1 MB", new string('x', 1 << 20)),
    ];

    /// <summary>In JSON only: a form has no way to carry a lone surrogate (it becomes U+FFFD on the way).</summary>
    public static readonly HostileValue LoneSurrogate = new("lone surrogate", "a\ud800b");

    /// <summary>
    /// Values some fields rightly accept (a line break in a reason, "-1" in a free-text search), so the answer may be
    /// anything but a 5xx, and a refusal is problem details.
    /// </summary>
    public static readonly IReadOnlyList<HostileValue> NeverAFault =
    [
        new("line break", "line\r\nbreak"),
        new("direction override", "\u202Etxt.exe"),
        new("only invisible characters", "\u200B\uFEFF\u2060"),
        new("far-future instant", "9999-12-31T23:59:59-18:00"),
        new("far-past instant", "0001-01-01T00:00:00+14:00"),
        new("negative year", "-9998-01-01T00:00:00Z"),
        new("impossible date", "2027-02-30"),
        new("far-future date", "9999-12-31"),
        new("DST-gap local time (Berlin)", "2027-03-28T02:30"),
        new("DST-fold local time (Berlin)", "2026-10-25T02:30"),
        new("DST-gap instant without offset", "2027-03-28T02:30:00"),
        new("time of day 24:00", "24:00"),
        new("huge number", "99999999999999999999999"),
        new("negative number", "-2147483649"),
        new("SQL", "' OR 1=1; DROP TABLE \"Appointments\"; --"),
        new("markup", "<script>alert(1)</script>"),
    ];

    /// <summary>The kinds of <see cref="NeverAFault"/> a form field can carry, one of each: forms are many, and each post renders a page.</summary>
    public static IReadOnlyList<HostileValue> NeverAFaultInForms { get; } =
        [.. NeverAFault.Where(v => v.What is "line break" or "direction override" or "only invisible characters" or "far-future instant"
            or "impossible date" or "far-future date" or "DST-gap local time (Berlin)" or "huge number" or "SQL")];

    /// <summary>JSON values of the wrong type or out of range, for any field.</summary>
    public static readonly IReadOnlyList<HostileValue> WrongJson =
    [
        new("object", "{}"),
        new("array", "[]"),
        new("boolean", "true"),
        new("number beyond double", "1e400"),
        new("number beyond long", "123456789012345678901234567890"),
        new("fraction", "1.5"),
        new("string", "\"text\""),
    ];

    /// <summary>Bodies that are not a JSON object at all.</summary>
    public static readonly IReadOnlyList<HostileValue> MalformedBodies =
    [
        new("empty", ""),
        new("truncated", "{\"a\":"),
        new("trailing comma", "{\"a\":1,}"),
        new("trailing garbage", "{}garbage"),
        new("null", "null"),
        new("array", "[]"),
        new("string", "\"text\""),
        new("nested 100 deep (arrays)", new string('[', 100) + new string(']', 100)),
        new("nested 100 deep (objects)", string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100)),
        new("lone surrogate key", "{\"\\ud800\":1}"),
        new("comment", "{/* hi */}"),
    ];

    /// <summary>A JSON string literal for <paramref name="text"/>, escaping by hand so lone surrogates survive (a serializer refuses them).</summary>
    public static string JsonLiteral(string text)
    {
        var json = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\') json.Append('\\').Append(c);
            else if (c < ' ' || c > '~') json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else json.Append(c);
        }
        return json.Append('"').ToString();
    }
}
