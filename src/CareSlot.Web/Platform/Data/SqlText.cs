using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace CareSlot.Web.Platform.Data;

/// <summary>SQL written as interpolated strings (every value a parameter), put together so several statements travel in one round trip.</summary>
public static partial class SqlText
{
    /// <summary>
    /// The statements one after the other, each on its own line, their values renumbered to follow each other. Each
    /// must end with a semicolon.
    /// </summary>
    public static FormattableString Join(params IEnumerable<FormattableString> statements)
    {
        var format = new System.Text.StringBuilder();
        var arguments = new List<object?>();
        foreach (var statement in statements)
        {
            var shift = arguments.Count;
            if (format.Length > 0) format.AppendLine();
            // "{{" and "}}" are matched whole so an escaped brace is never taken for a placeholder.
            format.Append(Placeholder().Replace(statement.Format, match => match.Groups[1].Success
                ? "{" + (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + shift).ToString(CultureInfo.InvariantCulture)
                : match.Value));
            arguments.AddRange(statement.GetArguments());
        }
        return FormattableStringFactory.Create(format.ToString(), [.. arguments]);
    }

    [GeneratedRegex(@"\{\{|\}\}|\{(\d+)")]
    private static partial Regex Placeholder();
}
