using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CareSlot.Bench.Load;

/// <summary>
/// The booking load. Every request books a different free slot for a patient who may take it (no overlap with
/// their own bookings, at most two with one doctor), so a non-201 answer is the app's doing, not the script's.
/// </summary>
public static class BookingLoad
{
    internal sealed record Slot(int DoctorId, int TypeId, string Start, DateTimeOffset From, DateTimeOffset To);

    private sealed record Booking(string Token, byte[] Body);

    public static async Task<int> RunAsync(BookingOptions options)
    {
        var random = new Random(options.Seed);
        var bookable = File.ReadLines(Path.Combine(options.DataDirectory, "bookable.txt"))
            .Select(line => line.Split(' ')).Select(p => (Doctor: int.Parse(p[0], CultureInfo.InvariantCulture), Type: int.Parse(p[1], CultureInfo.InvariantCulture)))
            .OrderBy(_ => random.Next()).ToList();
        var emails = File.ReadLines(Path.Combine(options.DataDirectory, "booking-patients.txt")).Take(options.Patients).ToList();

        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(60) };

        var total = options.WarmUp + options.Requests;
        var doctorsNeeded = Math.Min(bookable.Count, (int)Math.Ceiling(total * 1.3 / options.SlotsPerDoctor));
        var slots = await FetchSlotsAsync(http, bookable.Take(doctorsNeeded).ToList(), options.SlotsPerDoctor, random);

        // Signing in last keeps the 15-minute tokens fresh for the run.
        var tokens = await SignInAsync(http, emails, options.Password);
        if (tokens.Count == 0)
        {
            await Console.Error.WriteLineAsync("No patient could sign in: is the dataset generated with the same password?");
            return 1;
        }

        var bookings = Assign(slots, tokens, total);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[book              ] {bookings.Count:N0} bookings over {tokens.Count:N0} patients and {bookings.Count / Math.Max(1, options.SlotsPerDoctor):N0}+ doctors, {options.Connections} connections"));

        // A freshly started app books more slowly for its first ten thousand or so bookings (JIT tiers, new PostgreSQL
        // backends filling their caches); the warm-up runs first, is reported under its own name, and the target is read
        // from the bookings after it.
        var warmUp = bookings.Take(options.WarmUp).ToList();
        if (warmUp.Count > 0)
        {
            var warmUpResult = await BookAsync(http, warmUp, "booking-warm-up", options);
            Console.WriteLine(warmUpResult.Describe());
            warmUpResult.AppendTo(options.ResultsFile);
        }
        var result = await BookAsync(http, bookings.Skip(warmUp.Count).ToList(), "booking", options);
        Console.WriteLine(result.Describe());
        result.AppendTo(options.ResultsFile);
        return 0;
    }

    internal static async Task<List<Slot>> FetchSlotsAsync(HttpClient http, List<(int Doctor, int Type)> doctors, int perDoctor, Random random)
    {
        var progress = new Progress("fetch free slots", doctors.Count, "doctors");
        var found = new ConcurrentBag<Slot>();
        var seeds = doctors.Select(_ => random.Next()).ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, doctors.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var (doctor, type) = doctors[i];
            using var response = await http.GetAsync(string.Create(CultureInfo.InvariantCulture, $"/api/v1/doctors/{doctor}/slots?appointmentTypeId={type}"), ct);
            if (response.IsSuccessStatusCode)
            {
                using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
                var local = new Random(seeds[i]);
                // Slots of one type never overlap each other, so any of them can be booked side by side.
                foreach (var slot in json.RootElement.GetProperty("slots").EnumerateArray().OrderBy(_ => local.Next()).Take(perDoctor))
                {
                    var start = slot.GetProperty("start").GetString()!;
                    found.Add(new Slot(doctor, type, start, DateTimeOffset.Parse(start, CultureInfo.InvariantCulture),
                        DateTimeOffset.Parse(slot.GetProperty("end").GetString()!, CultureInfo.InvariantCulture)));
                }
            }
            lock (progress) progress.Add();
        });
        progress.Finish();
        return [.. found.OrderBy(s => s.DoctorId).ThenBy(s => s.From)];
    }

    internal static async Task<List<string>> SignInAsync(HttpClient http, List<string> emails, string password)
    {
        var progress = new Progress("sign in patients", emails.Count, "sign-ins");
        var tokens = new ConcurrentBag<string>();
        var failures = new ConcurrentDictionary<int, int>();
        // PBKDF2 at 210,000 iterations costs the server tens of milliseconds of CPU per sign-in: more in parallel only queues.
        await Parallel.ForEachAsync(emails, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (email, ct) =>
        {
            using var response = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password }, ct);
            if (response.IsSuccessStatusCode)
            {
                using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
                tokens.Add(json.RootElement.GetProperty("accessToken").GetString()!);
            }
            else
            {
                failures.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            }
            lock (progress) progress.Add();
        });
        progress.Finish();
        foreach (var (status, count) in failures) Console.WriteLine($"  sign-in answered {status} {count} times");
        return [.. tokens];
    }

    /// <summary>Gives each slot to the next patient who has no booking then and fewer than two with that doctor.</summary>
    private static List<Booking> Assign(List<Slot> slots, List<string> tokens, int limit)
    {
        var taken = tokens.Select(_ => new List<Slot>()).ToArray();
        var bookings = new List<Booking>();
        var next = 0;
        foreach (var slot in slots)
        {
            if (bookings.Count == limit) break;
            for (var tries = 0; tries < tokens.Count; tries++, next = (next + 1) % tokens.Count)
            {
                var mine = taken[next];
                if (mine.Count(s => s.DoctorId == slot.DoctorId) >= 2 || mine.Any(s => s.From < slot.To && slot.From < s.To)) continue;
                mine.Add(slot);
                bookings.Add(new Booking(tokens[next], JsonSerializer.SerializeToUtf8Bytes(new
                {
                    doctorId = slot.DoctorId,
                    appointmentTypeId = slot.TypeId,
                    start = slot.Start,
                    reason = "Benchmark booking",
                })));
                next = (next + 1) % tokens.Count;
                break;
            }
        }
        // Requests in a random order, so concurrent bookings hit different doctors as real traffic would.
        var shuffle = new Random(bookings.Count);
        return [.. bookings.OrderBy(_ => shuffle.Next())];
    }

    private static async Task<LoadResult> BookAsync(HttpClient http, List<Booking> bookings, string name, BookingOptions options)
    {
        var latencies = new double[bookings.Count];
        var statuses = new ConcurrentDictionary<string, long>();
        var samples = new ConcurrentDictionary<string, string>();
        var progress = new Progress(name, bookings.Count, "bookings");
        var errors = 0L;
        var issued = -1;
        var completed = 0;
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(options.MaxSeconds);

        var workers = Enumerable.Range(0, options.Connections).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref issued)) < bookings.Count && clock.Elapsed < deadline)
            {
                var booking = bookings[index];
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/appointments")
                {
                    Content = new ByteArrayContent(booking.Body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", booking.Token);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                    statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                    // One answer of each refusal is kept, so the report can say why bookings failed.
                    if (!response.IsSuccessStatusCode) samples.TryAdd(status, body.Length > 300 ? body[..300] : body);
                }
                catch (HttpRequestException)
                {
                    latencies[index] = double.NaN;
                    Interlocked.Increment(ref errors);
                }
                catch (TaskCanceledException)
                {
                    latencies[index] = double.NaN;
                    Interlocked.Increment(ref errors);
                }
                Interlocked.Increment(ref completed);
                lock (progress) progress.Add();
            }
        }).ToList();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        progress.Finish();
        foreach (var (status, body) in samples) Console.WriteLine($"  a {status} answer: {body}");

        var measured = latencies.Take(Math.Min(completed, latencies.Length)).Where(l => l > 0 && !double.IsNaN(l)).ToList();
        return LoadResult.From(name, options.Connections, seconds, measured, new Dictionary<string, long>(statuses), errors);
    }
}
