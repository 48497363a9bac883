using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace CareSlot.Web.Features.Admin.Dashboard;

/// <summary>One line of a chart: its name in the legend, its values, and the class that colours it (site.css, .chart-series--*).</summary>
public sealed record ChartSeries(string Name, string Kind, IReadOnlyList<double> Values);

/// <summary>
/// Small server-drawn SVG charts: no script, no library, scaled by the viewBox to any width. Each is an image with a
/// title and a description (role="img"); the numbers themselves are in the table the page puts beside it.
/// </summary>
public static class SvgChart
{
    private const int Width = 640;
    private const int Height = 220;
    private const int Left = 40;
    private const int Right = 10;
    private const int Top = 10;
    private const int Bottom = 30;

    /// <summary>Lines over days; <paramref name="labels"/> are the days, of which about every week's is written under the axis.</summary>
    public static IHtmlContent Lines(string id, string title, string description, IReadOnlyList<string> labels, IReadOnlyList<ChartSeries> series)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(series);
        var max = NiceMax(series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(int i) => Left + (labels.Count <= 1 ? 0 : plotWidth * i / (double)(labels.Count - 1));
        double Y(double value) => Top + plotHeight - plotHeight * value / max;

        var svg = Open(id, title, description);
        Axes(svg, max, plotWidth, plotHeight);
        for (var i = 0; i < labels.Count; i += 7)
        {
            svg.Append(Invariant($"<text class=\"chart-label\" x=\"{X(i):0.#}\" y=\"{Height - 8}\" text-anchor=\"middle\">{Encode(labels[i])}</text>"));
        }
        foreach (var line in series)
        {
            var points = string.Join(' ', line.Values.Select((v, i) => Invariant($"{X(i):0.#},{Y(v):0.#}")));
            svg.Append(Invariant($"<polyline class=\"chart-series chart-series--{Encode(line.Kind)}\" fill=\"none\" points=\"{points}\"/>"));
        }
        return Close(svg);
    }

    /// <summary>Horizontal bars of ratios (0–100 %, longer bars clipped), one per row, labelled by number only.</summary>
    public static IHtmlContent Bars(string id, string title, string description, IReadOnlyList<double> ratios)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        const int barHeight = 18;
        const int gap = 6;
        var height = Math.Max(1, ratios.Count) * (barHeight + gap) + gap;
        var plotWidth = Width - Left - Right;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg class=\"chart\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" focusable=\"false\">"));
        svg.Append(Invariant($"<title id=\"{id}-title\">{Encode(title)}</title><desc id=\"{id}-desc\">{Encode(description)}</desc>"));
        for (var i = 0; i < ratios.Count; i++)
        {
            var y = gap + i * (barHeight + gap);
            var width = plotWidth * Math.Clamp(ratios[i], 0, 1);
            svg.Append(Invariant($"<rect class=\"chart-track\" x=\"{Left}\" y=\"{y}\" width=\"{plotWidth}\" height=\"{barHeight}\"/>"));
            svg.Append(Invariant($"<rect class=\"chart-bar\" x=\"{Left}\" y=\"{y}\" width=\"{width:0.#}\" height=\"{barHeight}\"/>"));
            svg.Append(Invariant($"<text class=\"chart-label\" x=\"{Left - 4}\" y=\"{y + barHeight - 4}\" text-anchor=\"end\">{i + 1}</text>"));
            svg.Append(Invariant($"<text class=\"chart-label\" x=\"{Left + 4}\" y=\"{y + barHeight - 4}\">{ratios[i] * 100:0} %</text>"));
        }
        return Close(svg);
    }

    private static StringBuilder Open(string id, string title, string description)
    {
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" focusable=\"false\">"));
        svg.Append(Invariant($"<title id=\"{id}-title\">{Encode(title)}</title><desc id=\"{id}-desc\">{Encode(description)}</desc>"));
        return svg;
    }

    private static void Axes(StringBuilder svg, double max, int plotWidth, int plotHeight)
    {
        svg.Append(Invariant($"<line class=\"chart-axis\" x1=\"{Left}\" y1=\"{Top + plotHeight}\" x2=\"{Left + plotWidth}\" y2=\"{Top + plotHeight}\"/>"));
        svg.Append(Invariant($"<line class=\"chart-axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + plotHeight}\"/>"));
        svg.Append(Invariant($"<text class=\"chart-label\" x=\"{Left - 4}\" y=\"{Top + 10}\" text-anchor=\"end\">{max:0.##}</text>"));
        svg.Append(Invariant($"<text class=\"chart-label\" x=\"{Left - 4}\" y=\"{Top + plotHeight}\" text-anchor=\"end\">0</text>"));
    }

    private static HtmlString Close(StringBuilder svg) => new(svg.Append("</svg>").ToString());

    /// <summary>The top of the scale: 1, 2 or 5 times a power of ten, at least the largest value (and at least 1).</summary>
    private static double NiceMax(double value)
    {
        if (value <= 1) return 1;
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1d, 2d, 5d, 10d })
        {
            if (step * power >= value) return step * power;
        }
        return 10 * power;
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
