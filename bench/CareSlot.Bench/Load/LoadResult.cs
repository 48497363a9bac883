using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CareSlot.Bench.Load;

/// <summary>One load run, in the same shape the wrk scripts write, one JSON object a line.</summary>
public sealed record LoadResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("connections")] int Connections,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("requests")] long Requests,
    [property: JsonPropertyName("rps")] double RequestsPerSecond,
    [property: JsonPropertyName("p50_ms")] double P50,
    [property: JsonPropertyName("p95_ms")] double P95,
    [property: JsonPropertyName("p99_ms")] double P99,
    [property: JsonPropertyName("max_ms")] double Max,
    [property: JsonPropertyName("statuses")] Dictionary<string, long> Statuses,
    [property: JsonPropertyName("errors")] long Errors)
{
    public static LoadResult From(string name, int connections, double seconds, IReadOnlyList<double> latenciesMs,
        Dictionary<string, long> statuses, long errors)
    {
        var sorted = latenciesMs.Order().ToArray();
        double At(double quantile) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
        return new LoadResult(name, connections, Math.Round(seconds, 2), sorted.Length, Math.Round(sorted.Length / seconds, 1),
            Math.Round(At(0.50), 2), Math.Round(At(0.95), 2), Math.Round(At(0.99), 2), Math.Round(sorted.LastOrDefault(), 2), statuses, errors);
    }

    public long Count(string status) => Statuses.TryGetValue(status, out var count) ? count : 0;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: {Requests:N0} requests in {Seconds:F1} s = {RequestsPerSecond:N0} req/s; p50 {P50:F1} ms, p95 {P95:F1} ms, p99 {P99:F1} ms, max {Max:F1} ms; " +
        $"statuses {string.Join(", ", Statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value:N0}"))}; errors {Errors}");

    public void AppendTo(string? file)
    {
        if (file is null) return;
        File.AppendAllText(file, JsonSerializer.Serialize(this) + "\n");
    }

    public static IReadOnlyList<LoadResult> ReadAll(string file) =>
        [.. File.ReadLines(file).Where(line => !string.IsNullOrWhiteSpace(line)).Select(line => JsonSerializer.Deserialize<LoadResult>(line)!)];
}
