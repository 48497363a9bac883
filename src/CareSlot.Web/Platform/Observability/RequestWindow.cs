using System.Diagnostics.Metrics;

namespace CareSlot.Web.Platform.Observability;

/// <summary>Requests over the last <see cref="Minutes"/> minutes; latencies are the upper bound of the bucket they fall in.</summary>
public sealed record RequestRates(int Minutes, long Requests, long ServerErrors, double RequestsPerSecond, double ErrorRate,
    double? P50Milliseconds, double? P95Milliseconds);

/// <summary>
/// The app's own <c>http.server.request.duration</c> (ASP.NET Core's meter, the one /metrics exports) summed per minute
/// for the dashboard: a rolling window of a few minutes, so it needs no Prometheus to read it back. Only this host's
/// meter is heard (tests run several hosts in one process). Probes and scrapes are left out: they would make an idle
/// site look busy and fast.
/// </summary>
public sealed class RequestWindow : IHostedService, IDisposable
{
    public const int Minutes = 5;

    /// <summary>Bucket upper bounds in milliseconds; the last bucket holds everything slower.</summary>
    private static readonly double[] Bounds = [1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000];

    private sealed class Bucket
    {
        public long Minute = -1;
        public long Requests;
        public long ServerErrors;
        public readonly long[] Latencies = new long[Bounds.Length + 1];

        public void Reset(long minute)
        {
            Minute = minute;
            Requests = 0;
            ServerErrors = 0;
            Array.Clear(Latencies);
        }
    }

    private readonly Bucket[] buckets = [.. Enumerable.Range(0, Minutes + 1).Select(_ => new Bucket())];
    private readonly Lock gate = new();
    private readonly MeterListener listener = new();
    private readonly IMeterFactory meters;
    private readonly TimeProvider time;

    public RequestWindow(IMeterFactory meters, TimeProvider time)
    {
        this.meters = meters;
        this.time = time;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "http.server.request.duration" && instrument.Meter.Name == "Microsoft.AspNetCore.Hosting"
                && ReferenceEquals(instrument.Meter.Scope, this.meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) => Record(seconds, tags));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => listener.Dispose();

    private void Record(double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var status = 0;
        foreach (var tag in tags)
        {
            if (tag.Key == "http.route" && tag.Value is string route && IsProbe(route)) return;
            if (tag.Key == "http.response.status_code" && tag.Value is int code) status = code;
        }
        var milliseconds = seconds * 1000;
        var slot = Array.FindIndex(Bounds, bound => milliseconds <= bound);
        var minute = CurrentMinute();
        lock (gate)
        {
            var bucket = buckets[minute % buckets.Length];
            if (bucket.Minute != minute) bucket.Reset(minute);
            bucket.Requests++;
            if (status >= 500) bucket.ServerErrors++;
            bucket.Latencies[slot < 0 ? Bounds.Length : slot]++;
        }
    }

    private static bool IsProbe(string route) =>
        route.StartsWith("/health/", StringComparison.Ordinal) || route == "/metrics";

    private long CurrentMinute() => time.GetUtcNow().ToUnixTimeSeconds() / 60;

    /// <summary>The last <see cref="Minutes"/> whole minutes and the current one so far.</summary>
    public RequestRates Read()
    {
        var now = CurrentMinute();
        long requests = 0, errors = 0;
        var latencies = new long[Bounds.Length + 1];
        lock (gate)
        {
            foreach (var bucket in buckets.Where(b => b.Minute > now - buckets.Length && b.Minute <= now))
            {
                requests += bucket.Requests;
                errors += bucket.ServerErrors;
                for (var i = 0; i < latencies.Length; i++) latencies[i] += bucket.Latencies[i];
            }
        }
        var seconds = Minutes * 60d;
        return new RequestRates(Minutes, requests, errors, requests / seconds, requests == 0 ? 0 : (double)errors / requests,
            Percentile(latencies, requests, 0.50), Percentile(latencies, requests, 0.95));
    }

    private static double? Percentile(long[] latencies, long total, double quantile)
    {
        if (total == 0) return null;
        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < latencies.Length; i++)
        {
            seen += latencies[i];
            if (seen >= rank) return Bounds[Math.Min(i, Bounds.Length - 1)];
        }
        return null;
    }
}
