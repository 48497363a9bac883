using System.Globalization;
using System.Net;
using System.Text;
using static CareSlot.Bench.Peak.PeakLoad;

namespace CareSlot.Bench.Peak;

/// <summary>
/// The peak-load steps of one or more runs (one per label: "1 instance", "3 instances") as a Markdown table with each run's
/// knee, and an SVG with two panels over the same concurrency axis: throughput, and p95/p99 latency.
/// </summary>
public static class PeakReport
{
    private static readonly string[] Colours = ["#1565c0", "#c62828", "#2e7d32", "#6a1b9a"];

    public static int Run(Arguments arguments)
    {
        var resultsFile = arguments.Text("results") ?? throw new ArgumentException("--results FILE is required.");
        var markdownFile = arguments.Text("markdown");
        var svgFile = arguments.Text("svg");
        arguments.RejectUnknown();

        var runs = Runs(PeakStep.ReadAll(resultsFile));
        if (runs.Count == 0) throw new ArgumentException($"{resultsFile} holds no peak-load steps.");
        var markdown = Markdown(runs);
        Console.WriteLine(markdown);
        if (markdownFile is not null) File.WriteAllText(markdownFile, markdown);
        if (svgFile is not null) File.WriteAllText(svgFile, Svg(runs));
        return 0;
    }

    /// <summary>The last run of each label counts, its steps by concurrency.</summary>
    public static IReadOnlyList<(string Label, IReadOnlyList<PeakStep> Steps)> Runs(IReadOnlyList<PeakStep> steps) =>
        [.. steps.GroupBy(s => s.Label).Select(g => (g.Key, (IReadOnlyList<PeakStep>)[.. g.GroupBy(s => s.Concurrency).Select(c => c.Last()).OrderBy(s => s.Concurrency)]))];

    /// <summary>
    /// The knee: the first step whose throughput is within 10 % of the run's best. Past it more clients only queue: throughput
    /// stays flat while latency grows.
    /// </summary>
    public static PeakStep Knee(IReadOnlyList<PeakStep> steps)
    {
        var best = steps.Max(s => s.RequestsPerSecond);
        return steps.First(s => s.RequestsPerSecond >= 0.9 * best);
    }

    public static string Markdown(IReadOnlyList<(string Label, IReadOnlyList<PeakStep> Steps)> runs)
    {
        var text = new StringBuilder();
        foreach (var (label, steps) in runs)
        {
            var knee = Knee(steps);
            text.AppendLine(CultureInfo.InvariantCulture, $"**{label}**: knee at {knee.Concurrency} clients, {knee.RequestsPerSecond:N0} req/s (p95 {knee.P95:N1} ms); best {steps.Max(s => s.RequestsPerSecond):N0} req/s.");
            text.AppendLine();
            text.AppendLine("| Clients | Requests/s | p50 ms | p95 ms | p99 ms | Errors | Refused (409/422) | Fell back | Book p95 ms | Slots p95 ms | Cores: app · PostgreSQL · nginx · load · machine |");
            text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var step in steps)
            {
                string P95Of(string action) => step.Actions.TryGetValue(action, out var figures) ? figures.P95.ToString("N1", CultureInfo.InvariantCulture) : "–";
                string CoresOf(string part) => step.Cores?.TryGetValue(part, out var cores) == true ? cores.ToString("F2", CultureInfo.InvariantCulture) : "–";
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {step.Concurrency} | {step.RequestsPerSecond:N0} | {step.P50:N1} | {step.P95:N1} | {step.P99:N1} | {step.Errors:N0} | {step.Refused:N0} | {step.Fallbacks:N0} | {P95Of("book")} | {P95Of("slots")} | {CoresOf("app")} · {CoresOf("postgres")} · {CoresOf("nginx")} · {CoresOf("load")} · {CoresOf("machine")} |");
            }
            text.AppendLine();
        }
        return text.ToString();
    }

    /// <summary>Two panels, concurrency on a doubling axis: requests per second above, p95 (solid) and p99 (dashed) below.</summary>
    public static string Svg(IReadOnlyList<(string Label, IReadOnlyList<PeakStep> Steps)> runs)
    {
        const int Width = 760, Left = 70, Right = 20, PanelHeight = 220, Gap = 70, Top = 60;
        var plotWidth = Width - Left - Right;
        var height = Top + 20 + 2 * PanelHeight + Gap + 70;
        var concurrencies = runs.SelectMany(r => r.Steps).Select(s => s.Concurrency).Distinct().Order().ToList();
        double X(int concurrency) => concurrencies.Count == 1 ? Left + plotWidth / 2.0
            : Left + (Math.Log2(concurrency) - Math.Log2(concurrencies[0])) / (Math.Log2(concurrencies[^1]) - Math.Log2(concurrencies[0])) * plotWidth;
        var maxRps = Nice(runs.SelectMany(r => r.Steps).Max(s => s.RequestsPerSecond));
        var maxMs = Nice(runs.SelectMany(r => r.Steps).Max(s => s.P99));

        var svg = new StringBuilder();
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{height}" viewBox="0 0 {Width} {height}" font-family="sans-serif" font-size="12">""");
        svg.AppendLine("""<title>CareSlot peak load: throughput and latency at rising concurrency</title>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<rect width="{Width}" height="{height}" fill="#ffffff"/>""");
        svg.AppendLine("""<text x="12" y="24" font-size="15" font-weight="bold">Peak load: the mixed workload at rising concurrency</text>""");
        for (var i = 0; i < runs.Count; i++)
        {
            var knee = Knee(runs[i].Steps);
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<rect x="{12 + i * 250}" y="36" width="14" height="4" fill="{Colours[i % Colours.Length]}"/><text x="{32 + i * 250}" y="42">{WebUtility.HtmlEncode($"{runs[i].Label} (knee: {knee.Concurrency} clients)")}</text>""");
        }

        void Panel(int top, string title, double max, string unit, Func<PeakStep, double> value, Func<PeakStep, double>? dashed)
        {
            double Y(double v) => top + PanelHeight - v / max * PanelHeight;
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{Left}" y="{top - 10}" font-weight="bold">{WebUtility.HtmlEncode(title)}</text>""");
            for (var tick = 0; tick <= 4; tick++)
            {
                var v = max * tick / 4;
                svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{Y(v):F1}" x2="{Width - Right}" y2="{Y(v):F1}" stroke="#e0e0e0"/><text x="{Left - 6}" y="{Y(v) + 4:F1}" text-anchor="end">{v:N0}</text>""");
            }
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="14" y="{top + PanelHeight / 2}" transform="rotate(-90 14 {top + PanelHeight / 2})" text-anchor="middle">{unit}</text>""");
            foreach (var c in concurrencies)
            {
                svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{X(c):F1}" y1="{top}" x2="{X(c):F1}" y2="{top + PanelHeight}" stroke="#f0f0f0"/><text x="{X(c):F1}" y="{top + PanelHeight + 16}" text-anchor="middle">{c}</text>""");
            }
            for (var i = 0; i < runs.Count; i++)
            {
                var colour = Colours[i % Colours.Length];
                var steps = runs[i].Steps;
                string Points(Func<PeakStep, double> of) => string.Join(' ', steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"{X(s.Concurrency):F1},{Y(Math.Min(of(s), max)):F1}")));
                svg.AppendLine(CultureInfo.InvariantCulture, $"""<polyline points="{Points(value)}" fill="none" stroke="{colour}" stroke-width="2.5"/>""");
                if (dashed is not null) svg.AppendLine(CultureInfo.InvariantCulture, $"""<polyline points="{Points(dashed)}" fill="none" stroke="{colour}" stroke-width="1.5" stroke-dasharray="5 4"/>""");
                foreach (var s in steps)
                {
                    svg.AppendLine(CultureInfo.InvariantCulture, $"""<circle cx="{X(s.Concurrency):F1}" cy="{Y(Math.Min(value(s), max)):F1}" r="3.5" fill="{colour}"><title>{WebUtility.HtmlEncode(string.Create(CultureInfo.InvariantCulture, $"{runs[i].Label}, {s.Concurrency} clients: {s.RequestsPerSecond:N0} req/s, p95 {s.P95:N1} ms, p99 {s.P99:N1} ms, errors {s.Errors}"))}</title></circle>""");
                }
            }
        }

        Panel(Top + 20, "Throughput (requests per second)", maxRps, "req/s", s => s.RequestsPerSecond, null);
        Panel(Top + 20 + PanelHeight + Gap, "Latency: p95 (solid) and p99 (dashed)", maxMs, "ms", s => s.P95, s => s.P99);
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{Left + plotWidth / 2}" y="{height - 24}" text-anchor="middle">concurrent clients (each sends its next request when the last is answered)</text>""");
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    /// <summary>The axis maximum: the value rounded up to 1, 2 or 5 times a power of ten.</summary>
    private static double Nice(double value)
    {
        if (value <= 0) return 1;
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (value <= step * power) return step * power;
        }
        return 10 * power;
    }
}
