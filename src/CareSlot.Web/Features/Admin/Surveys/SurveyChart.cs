using System.Globalization;
using System.Net;
using System.Text;
using CareSlot.Web.Features.Surveys;
using Microsoft.AspNetCore.Html;

namespace CareSlot.Web.Features.Admin.Surveys;

/// <summary>
/// A survey question's answers as server-drawn horizontal bars: no script, scaled by the viewBox. Each is an image with a
/// title and a description (role="img"); the numbers are in the table the page puts beside it, for reading.
/// Colours are site.css's chart classes (.chart-bar on .chart-track, text in the body colour), which meet AA contrast.
/// </summary>
public static class SurveyChart
{
    private const int Width = 640;
    private const int Row = 44;
    private const int BarHeight = 18;
    private const int LabelRoom = 60;
    private const int MaxLabel = 70;

    public static IHtmlContent Bars(string id, string title, string description, IReadOnlyList<ResultBar> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var height = Math.Max(1, bars.Count) * Row + 6;
        var max = Math.Max(1, bars.Select(b => b.Count).DefaultIfEmpty(0).Max());
        var plotWidth = Width - LabelRoom;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg class=\"chart\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" focusable=\"false\">"));
        svg.Append(Invariant($"<title id=\"{id}-title\">{Encode(title)}</title><desc id=\"{id}-desc\">{Encode(description)}</desc>"));
        for (var i = 0; i < bars.Count; i++)
        {
            var y = i * Row;
            var label = bars[i].Label.Length > MaxLabel ? bars[i].Label[..MaxLabel] + "…" : bars[i].Label;
            svg.Append(Invariant($"<text class=\"chart-label\" x=\"0\" y=\"{y + 14}\">{Encode(label)}</text>"));
            svg.Append(Invariant($"<rect class=\"chart-track\" x=\"0\" y=\"{y + 20}\" width=\"{plotWidth}\" height=\"{BarHeight}\"/>"));
            svg.Append(Invariant($"<rect class=\"chart-bar\" x=\"0\" y=\"{y + 20}\" width=\"{plotWidth * bars[i].Count / (double)max:0.#}\" height=\"{BarHeight}\"/>"));
            svg.Append(Invariant($"<text class=\"chart-label\" x=\"{plotWidth + 6}\" y=\"{y + 34}\">{bars[i].Count.ToString(CultureInfo.CurrentCulture)}</text>"));
        }
        return new HtmlString(svg.Append("</svg>").ToString());
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
