using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CareSlot.Bench.Accounts;
using CareSlot.Bench.Load;

namespace CareSlot.Bench.Oversight;

public sealed record OversightLoadOptions(Uri Url, string DataDirectory, int Connections, int Seconds, int WarmUpSeconds, int WalkPages, string? ResultsFile)
{
    public static OversightLoadOptions From(Arguments arguments)
    {
        var url = arguments.Text("url", "http://127.0.0.1:5080");
        var options = new OversightLoadOptions(
            Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw new ArgumentException("--url must be an absolute URL."),
            arguments.Text("data", "bench/out"),
            arguments.Number("connections", 4),
            arguments.Number("seconds", 30),
            arguments.Number("warm-up-seconds", 10),
            arguments.Number("walk-pages", 200),
            arguments.Text("results"));
        arguments.RejectUnknown();
        return options;
    }
}

/// <summary>
/// The administrators' appointment oversight list, <c>GET /api/v1/admin/appointments</c>: signs in as the administrator
/// oversight-setup made (TOTP), then each of <c>--connections</c> connections walks the list page after page by its
/// nextCursor, one filter a walk, cycling: none from the first page, none from a point deep in the list, one clinic, one
/// doctor, status confirmed, a week, a patient's name fragment. A walk ends on the last page or after <c>--walk-pages</c>
/// pages, and the connection starts the next one. Every page's latency is recorded: <c>oversight-warm-up</c>, then
/// <c>oversight</c> (whose p95 the report reads) and one line per filter (<c>oversight-FILTER</c>).
/// </summary>
/// <remarks>
/// A page counts as right only if it is a 200 with an <c>appointments</c> array of at most 50 rows (exactly 50 when there is
/// a next page), every row matches the walk's filter, and starts never go backwards within a walk. Anything else is
/// counted under its status or as a wrong page, fails the report's row and makes the command exit 1.
/// The deep walks start from a cursor this command writes itself, in the list's own (opaque) format "a.MICROSECONDS.ID",
/// at a random instant between the dataset's first and last start, with the empty id: the page a client would reach by
/// following nextCursor thousands of times, with the same query (a from= filter would be another query).
/// </remarks>
public static class OversightLoad
{
    public const string WithoutAppointments = "200 without appointments";
    public const string WrongPage = "200 with a wrong page";

    private const string Path = "/api/v1/admin/appointments";

    private sealed record Filter(string Kind, string Query, Func<JsonElement, bool> Matches, bool Deep = false);

    private sealed class Tally
    {
        public readonly Dictionary<string, List<double>> Latencies = new(StringComparer.Ordinal);
        public readonly Dictionary<string, (long Pages, long Rows, long Complete, long Capped, long Broken, long MaxPages)> Walks = new(StringComparer.Ordinal);
        public readonly Dictionary<string, long> Statuses = new(StringComparer.Ordinal);
        public readonly List<double> DeepStarts = [];

        /// <summary>The rows of each walk that went from the first page to the last: what the filter matches now.</summary>
        public readonly Dictionary<string, SortedSet<long>> CompleteRows = new(StringComparer.Ordinal);
        public long Errors;
    }

    public static async Task<int> RunAsync(OversightLoadOptions options)
    {
        var fixture = OversightFixture.Read(options.DataDirectory);
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(30) };

        if (await TwoFactorAccounts.SignInAsync(http, fixture.Email, fixture.Password, fixture.AuthenticatorKey, "administrator") is not { } token) return 1;
        var filters = Filters(fixture);

        using (var first = await SendAsync(http, Path, token))
        {
            var body = await first.Content.ReadAsStringAsync();
            var rows = first.StatusCode == HttpStatusCode.OK ? Appointments(body) : null;
            if (rows is not { } count || count == 0)
            {
                await Console.Error.WriteLineAsync($"GET {Path} answered {(int)first.StatusCode} without a page of appointments: {body[..Math.Min(300, body.Length)]}");
                return 1;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[oversight         ] {Path}: 200, {count} rows, {body.Length:N0} characters; {fixture.Appointments:N0} appointments at setup; " +
                $"{options.Connections} connections, walks of at most {options.WalkPages} pages over {string.Join(", ", filters.Select(f => f.Kind))}"));
        }

        var warmUp = await RunForAsync(http, token, filters, fixture, options, "oversight-warm-up", options.WarmUpSeconds, seed: 1);
        Console.WriteLine(warmUp.Result.Describe());
        warmUp.Result.AppendTo(options.ResultsFile);
        var measured = await RunForAsync(http, token, filters, fixture, options, "oversight", options.Seconds, seed: 2);
        Console.WriteLine(measured.Result.Describe());
        measured.Result.AppendTo(options.ResultsFile);
        Describe(measured.Tally, filters, fixture, options, measured.Result);

        var wrong = measured.Result.Requests - measured.Result.Count("200") + measured.Result.Errors;
        if (wrong > 0 || measured.Result.Requests == 0)
        {
            await Console.Error.WriteLineAsync(wrong > 0
                ? $"{wrong} answers were not a right page of the list: the figures above are not the list's."
                : "No page was walked.");
            return 1;
        }
        return 0;
    }

    private static List<Filter> Filters(OversightFixture f)
    {
        static string Text(JsonElement row, string name) => row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        static int Number(JsonElement row, string name) => row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;
        return
        [
            new("all", "", _ => true),
            new("all-deep", "", _ => true, Deep: true),
            new("clinic", string.Create(CultureInfo.InvariantCulture, $"clinic={f.ClinicId}"), r => Number(r, "clinicId") == f.ClinicId),
            new("doctor", string.Create(CultureInfo.InvariantCulture, $"doctor={f.DoctorId}"), r => Number(r, "doctorId") == f.DoctorId),
            new("confirmed", "status=confirmed", r => Text(r, "status") == "confirmed"),
            // The start is written at the clinic with its offset: its first ten characters are the clinic's date, as the filter reads it.
            new("week", $"from={f.WeekFrom}&to={f.WeekTo}", r => Text(r, "start") is { Length: >= 10 } start
                && string.CompareOrdinal(start[..10], f.WeekFrom) >= 0 && string.CompareOrdinal(start[..10], f.WeekTo) <= 0),
            new("patient", $"patient={Uri.EscapeDataString(f.PatientFragment)}", r => Text(r, "patientName").Contains(f.PatientFragment, StringComparison.OrdinalIgnoreCase)),
        ];
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    private static int? Appointments(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("appointments", out var rows)
                && rows.ValueKind == JsonValueKind.Array ? rows.GetArrayLength() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Checks one page of a walk; the status to count it under, the next cursor, and the last start seen.</summary>
    private static (string Status, string? Next, int Rows, DateTimeOffset Last, string? Why) Check(string body, Filter filter, DateTimeOffset previous)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return (WithoutAppointments, null, 0, previous, "not JSON");
        }
        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("appointments", out var rows) || rows.ValueKind != JsonValueKind.Array)
            {
                return (WithoutAppointments, null, 0, previous, "no appointments array");
            }
            var next = root.TryGetProperty("nextCursor", out var cursor) && cursor.ValueKind == JsonValueKind.String ? cursor.GetString() : null;
            var count = rows.GetArrayLength();
            if (count > 50 || (next is not null && count != 50)) return (WrongPage, null, count, previous, $"{count} rows with nextCursor {next ?? "null"}");
            var last = previous;
            foreach (var row in rows.EnumerateArray())
            {
                if (!filter.Matches(row)) return (WrongPage, null, count, previous, $"a row outside the filter: {row.GetRawText()}");
                if (!row.TryGetProperty("start", out var startText) || startText.ValueKind != JsonValueKind.String
                    || !DateTimeOffset.TryParse(startText.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
                {
                    return (WrongPage, null, count, previous, $"a row without a start: {row.GetRawText()}");
                }
                if (start < last) return (WrongPage, null, count, previous, $"{start:O} after {last:O}: out of order");
                last = start;
            }
            return ("200", next, count, last, null);
        }
    }

    private static async Task<(LoadResult Result, Tally Tally)> RunForAsync(HttpClient http, string token, List<Filter> filters, OversightFixture fixture,
        OversightLoadOptions options, string name, int seconds, int seed)
    {
        var tallies = new ConcurrentBag<Tally>();
        var examples = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        var firstMicros = fixture.FirstStart.ToUnixTimeMilliseconds() * 1000;
        var lastMicros = fixture.LastStart.ToUnixTimeMilliseconds() * 1000;
        var workers = Enumerable.Range(0, options.Connections).Select(async connection =>
        {
            var tally = new Tally();
            tallies.Add(tally);
            var random = new Random(seed * 1000 + connection);
            // Connections start on different filters, so every filter is walked at once.
            for (var walk = connection; clock.Elapsed < deadline; walk++)
            {
                var filter = filters[walk % filters.Count];
                string? cursor = null;
                var previous = DateTimeOffset.MinValue;
                if (filter.Deep)
                {
                    var at = firstMicros + (long)(random.NextDouble() * (lastMicros - firstMicros));
                    cursor = string.Create(CultureInfo.InvariantCulture, $"a.{at}.{Guid.Empty:N}");
                    previous = DateTimeOffset.FromUnixTimeMilliseconds(at / 1000);
                    tally.DeepStarts.Add((double)(at - firstMicros) / Math.Max(1, lastMicros - firstMicros));
                }
                if (!tally.Latencies.TryGetValue(filter.Kind, out var latencies)) tally.Latencies[filter.Kind] = latencies = [];
                var (pages, rows, outcome) = (0L, 0L, "capped");
                while (clock.Elapsed < deadline)
                {
                    var query = cursor is null ? filter.Query : $"{filter.Query}{(filter.Query.Length > 0 ? "&" : "")}cursor={Uri.EscapeDataString(cursor)}";
                    var path = query.Length > 0 ? $"{Path}?{query}" : Path;
                    var started = Stopwatch.GetTimestamp();
                    string status;
                    try
                    {
                        using var response = await SendAsync(http, path, token);
                        var body = await response.Content.ReadAsStringAsync();
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        pages++;
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                            examples.TryAdd(status, $"GET {path}: {body[..Math.Min(300, body.Length)]}");
                            tally.Statuses[status] = tally.Statuses.GetValueOrDefault(status) + 1;
                            outcome = "broken";
                            break;
                        }
                        (status, var next, var count, previous, var why) = Check(body, filter, previous);
                        tally.Statuses[status] = tally.Statuses.GetValueOrDefault(status) + 1;
                        rows += count;
                        if (why is not null)
                        {
                            examples.TryAdd(status, $"GET {path}: {why}");
                            outcome = "broken";
                            break;
                        }
                        cursor = next;
                        if (next is null)
                        {
                            outcome = "complete";
                            break;
                        }
                    }
                    catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                    {
                        tally.Errors++;
                        examples.TryAdd("error", $"GET {path}: {exception.Message}");
                        outcome = "broken";
                        break;
                    }
                    if (pages >= options.WalkPages) break;
                }
                if (outcome == "complete" && !filter.Deep)
                {
                    if (!tally.CompleteRows.TryGetValue(filter.Kind, out var seen)) tally.CompleteRows[filter.Kind] = seen = [];
                    seen.Add(rows);
                }
                var (p, r, complete, capped, broken, maxPages) = tally.Walks.GetValueOrDefault(filter.Kind);
                tally.Walks[filter.Kind] = (p + pages, r + rows, complete + (outcome == "complete" ? 1 : 0),
                    capped + (outcome == "capped" && clock.Elapsed < deadline ? 1 : 0), broken + (outcome == "broken" ? 1 : 0), Math.Max(maxPages, pages));
            }
        }).ToList();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds;
        foreach (var (status, example) in examples) await Console.Error.WriteLineAsync($"{name}: {status}, e.g. {example}");

        var merged = new Tally();
        foreach (var tally in tallies)
        {
            foreach (var (kind, list) in tally.Latencies)
            {
                if (!merged.Latencies.TryGetValue(kind, out var all)) merged.Latencies[kind] = all = [];
                all.AddRange(list);
            }
            foreach (var (kind, w) in tally.Walks)
            {
                var m = merged.Walks.GetValueOrDefault(kind);
                merged.Walks[kind] = (m.Pages + w.Pages, m.Rows + w.Rows, m.Complete + w.Complete, m.Capped + w.Capped, m.Broken + w.Broken,
                    Math.Max(m.MaxPages, w.MaxPages));
            }
            foreach (var (status, count) in tally.Statuses) merged.Statuses[status] = merged.Statuses.GetValueOrDefault(status) + count;
            merged.DeepStarts.AddRange(tally.DeepStarts);
            foreach (var (kind, seen) in tally.CompleteRows)
            {
                if (!merged.CompleteRows.TryGetValue(kind, out var all)) merged.CompleteRows[kind] = all = [];
                all.UnionWith(seen);
            }
            merged.Errors += tally.Errors;
        }
        var result = LoadResult.From(name, options.Connections, elapsed, [.. merged.Latencies.Values.SelectMany(l => l)], merged.Statuses, merged.Errors);
        return (result, merged);
    }

    /// <summary>Per filter: pages, rows, walks and latency; one results line each (oversight-FILTER), which the report does not read.</summary>
    private static void Describe(Tally tally, List<Filter> filters, OversightFixture fixture, OversightLoadOptions options, LoadResult overall)
    {
        var totalRows = tally.Walks.Values.Sum(w => w.Rows);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[oversight         ] walked {overall.Requests:N0} pages, {totalRows:N0} rows; per filter (walks: complete to the last page / stopped at {options.WalkPages} pages / broken):"));
        foreach (var filter in filters)
        {
            if (!tally.Latencies.TryGetValue(filter.Kind, out var latencies) || latencies.Count == 0)
            {
                Console.WriteLine($"  {filter.Kind,-10} not walked");
                continue;
            }
            var w = tally.Walks[filter.Kind];
            var perFilter = LoadResult.From($"oversight-{filter.Kind}", options.Connections, overall.Seconds, latencies, [], 0);
            perFilter.AppendTo(options.ResultsFile);
            var matched = filter.Kind switch
            {
                "all" or "all-deep" => fixture.Appointments,
                "clinic" => fixture.ClinicAppointments,
                "doctor" => fixture.DoctorAppointments,
                "confirmed" => fixture.ConfirmedAppointments,
                "week" => fixture.WeekAppointments,
                _ => fixture.PatientAppointments,
            };
            // A walk from the first page to the last read every row the filter matched: at setup, unless a load booked more since.
            var whole = tally.CompleteRows.TryGetValue(filter.Kind, out var seen) ? $"whole walks {string.Join(" or ", seen.Select(n => n.ToString("N0", CultureInfo.InvariantCulture)))} rows, " : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {filter.Kind,-10} {filter.Query,-28} {w.Pages,7:N0} pages {w.Rows,9:N0} rows ({whole}{matched:N0} at setup, {(matched + 49) / 50:N0} pages); " +
                $"walks {w.Complete}/{w.Capped}/{w.Broken}, longest {w.MaxPages} pages; p50 {perFilter.P50:F1} ms, p95 {perFilter.P95:F1} ms, max {perFilter.Max:F1} ms"));
        }
        if (tally.DeepStarts.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  deep walks started {tally.DeepStarts.Count} times between {tally.DeepStarts.Min():P0} and {tally.DeepStarts.Max():P0} of the way through the dataset's time span"));
        }
    }
}
