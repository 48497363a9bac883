using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using CareSlot.Bench.Accounts;
using CareSlot.Bench.Load;

namespace CareSlot.Bench.Chart;

public sealed record ChartLoadOptions(Uri Url, string DataDirectory, int Connections, int Seconds, int WarmUpSeconds, string? ResultsFile)
{
    public static ChartLoadOptions From(Arguments arguments)
    {
        var url = arguments.Text("url", "http://127.0.0.1:5080");
        var options = new ChartLoadOptions(
            Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw new ArgumentException("--url must be an absolute URL."),
            arguments.Text("data", "bench/out"),
            arguments.Number("connections", 4),
            arguments.Number("seconds", 30),
            arguments.Number("warm-up-seconds", 10),
            arguments.Text("results"));
        arguments.RejectUnknown();
        return options;
    }
}

/// <summary>
/// The doctor's chart page for the patient chart-setup gave a long history: signs in through the API with a TOTP code,
/// then requests <c>GET /patients/{id}/chart</c> with the bearer token over a few connections, first as a warm-up
/// (recorded as <c>chart-warm-up</c>), then measured (<c>chart</c>). Every answer must be a 200 that names the patient:
/// a refusal is a fast 404 and would pass for a fast chart.
/// </summary>
public static class ChartLoad
{
    public const string WrongAnswer = "200 without the patient's name";

    public static async Task<int> RunAsync(ChartLoadOptions options)
    {
        var fixture = ChartFixture.Read(options.DataDirectory);
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(30) };

        if (await TwoFactorAccounts.SignInAsync(http, fixture.Email, fixture.Password, fixture.AuthenticatorKey, "doctor") is not { } token) return 1;
        var path = $"/patients/{fixture.PatientId}/chart";
        // Razor encodes the name (an apostrophe, an accent): either form shows the page is this patient's chart.
        string[] names = [fixture.PatientName, HtmlEncoder.Default.Encode(fixture.PatientName)];

        using (var first = await SendAsync(http, path, token))
        {
            var body = await first.Content.ReadAsStringAsync();
            if (first.StatusCode != System.Net.HttpStatusCode.OK || !names.Any(n => body.Contains(n, StringComparison.Ordinal)))
            {
                await Console.Error.WriteLineAsync($"GET {path} answered {(int)first.StatusCode} without the chart of {fixture.PatientName}: {body[..Math.Min(300, body.Length)]}");
                return 1;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[chart             ] {path}: 200, {body.Length:N0} characters, a history of {fixture.Entries} entries ({fixture.Versions} versions); {options.Connections} connections"));
        }

        var warmUp = await RunForAsync(http, path, token, names, "chart-warm-up", options.Connections, options.WarmUpSeconds);
        Console.WriteLine(warmUp.Describe());
        warmUp.AppendTo(options.ResultsFile);
        var result = await RunForAsync(http, path, token, names, "chart", options.Connections, options.Seconds);
        Console.WriteLine(result.Describe());
        result.AppendTo(options.ResultsFile);
        // Every answer is counted under its status, the ones without the patient's name under WrongAnswer.
        var wrong = result.Requests - result.Count("200") + result.Errors;
        if (wrong > 0)
        {
            await Console.Error.WriteLineAsync($"{wrong} answers were not the patient's chart: the figures above are not the chart's.");
            return 1;
        }
        return 0;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    private static async Task<LoadResult> RunForAsync(HttpClient http, string path, string token, string[] names, string name, int connections, int seconds)
    {
        var statuses = new ConcurrentDictionary<string, long>();
        var latencies = new ConcurrentBag<List<double>>();
        var errors = 0L;
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        var workers = Enumerable.Range(0, connections).Select(async _ =>
        {
            var mine = new List<double>();
            latencies.Add(mine);
            while (clock.Elapsed < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await SendAsync(http, path, token);
                    var body = await response.Content.ReadAsStringAsync();
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    var status = response.StatusCode == System.Net.HttpStatusCode.OK && !names.Any(n => body.Contains(n, StringComparison.Ordinal))
                        ? WrongAnswer
                        : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                    statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                catch (TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }).ToList();
        await Task.WhenAll(workers);
        return LoadResult.From(name, connections, clock.Elapsed.TotalSeconds, [.. latencies.SelectMany(l => l)], new Dictionary<string, long>(statuses), errors);
    }
}
