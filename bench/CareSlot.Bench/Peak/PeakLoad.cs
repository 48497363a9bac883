using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CareSlot.Bench.Load;

namespace CareSlot.Bench.Peak;

/// <summary>
/// The mixed workload at rising concurrency (issue 21's peak load): closed-loop clients browse pages, search the directory,
/// read free slots, hold and release a slot, book, cancel their own bookings and read their conversations, in the shares
/// of <see cref="Mix"/>. Each step runs for a fixed time and reports throughput, p50/p95/p99 and errors, overall and per
/// action. Business refusals (a slot someone else just took: 409; a patient's own overlapping booking: 422) are counted
/// apart from errors: they are the app answering correctly under contention.
/// </summary>
public static class PeakLoad
{
    public enum Action { Browse, Search, Slots, Hold, Book, Cancel, Messages }

    /// <summary>Shares of each action, in percent: mostly reading, as a directory's visitors do; a tenth books.</summary>
    public static readonly IReadOnlyDictionary<Action, int> Mix = new Dictionary<Action, int>
    {
        [Action.Browse] = 20, [Action.Search] = 20, [Action.Slots] = 25, [Action.Hold] = 5,
        [Action.Book] = 10, [Action.Cancel] = 5, [Action.Messages] = 15,
    };

    private sealed record Booked(string Token, string AppointmentId, BookingLoad.Slot Slot);

    private sealed class Workload(List<string> searchPaths, List<string> slotPaths, List<int> doctors, List<string> tokens, List<BookingLoad.Slot> slots)
    {
        public List<string> SearchPaths { get; } = searchPaths;
        public List<string> SlotPaths { get; } = slotPaths;
        public List<int> Doctors { get; } = doctors;
        public List<string> Tokens { get; } = tokens;
        public ConcurrentQueue<BookingLoad.Slot> FreeSlots { get; } = new(slots);
        public ConcurrentQueue<Booked> Bookings { get; } = new();

        /// <summary>Picks of hold, book or cancel that found nothing to act on and read slots instead: a step with many measured another mix.</summary>
        public long Fallbacks;
    }

    /// <summary>What one request took and how it ended.</summary>
    internal readonly record struct Sample(Action Action, double Milliseconds, int Status);

    public static async Task<int> RunAsync(PeakOptions options)
    {
        var random = new Random(options.Seed);
        var bookable = File.ReadLines(Path.Combine(options.DataDirectory, "bookable.txt"))
            .Select(line => line.Split(' ')).Select(p => (Doctor: int.Parse(p[0], CultureInfo.InvariantCulture), Type: int.Parse(p[1], CultureInfo.InvariantCulture)))
            .OrderBy(_ => random.Next()).ToList();
        var emails = File.ReadLines(Path.Combine(options.DataDirectory, "booking-patients.txt")).Take(options.Patients).ToList();

        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Steps[^1], PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        // The topology's nginx answers with a certificate its script made itself: trusted as that one certificate, nothing more.
        if (options.TrustedCertificate is { } file)
        {
            var trusted = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(file);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None || (certificate is not null && certificate.GetCertHashString() == trusted.Thumbprint);
        }
        using var http = new HttpClient(handler) { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(30) };

        // Booking takes a slot and cancelling gives it back, so the pool shrinks by a twentieth of the requests: enough for
        // 2,000 requests a second through every step of both runs.
        var slots = await BookingLoad.FetchSlotsAsync(http, bookable.Take(1_500).ToList(), perDoctor: 80, random);
        var tokens = await BookingLoad.SignInAsync(http, emails, options.Password);
        if (tokens.Count == 0)
        {
            await Console.Error.WriteLineAsync("No patient could sign in: is the dataset generated with the same password?");
            return 1;
        }
        var workload = new Workload(
            [.. File.ReadLines(Path.Combine(options.DataDirectory, "search-paths.txt"))],
            [.. File.ReadLines(Path.Combine(options.DataDirectory, "slot-paths.txt"))],
            [.. bookable.Select(b => b.Doctor)],
            tokens,
            [.. slots.OrderBy(_ => random.Next())]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[peak              ] {options.Label}: {tokens.Count:N0} patients, {slots.Count:N0} free slots, steps {string.Join(", ", options.Steps)} × {options.StepSeconds} s"));

        if (options.WarmUpSeconds > 0)
        {
            var warmUp = await RunStepAsync(http, workload, options.Steps[0], TimeSpan.FromSeconds(options.WarmUpSeconds), random.Next());
            Console.WriteLine(PeakStep.From(options.Label + " (warm-up)", options.Steps[0], options.WarmUpSeconds, warmUp).Describe());
        }
        foreach (var concurrency in options.Steps)
        {
            Interlocked.Exchange(ref workload.Fallbacks, 0);
            var cpuBefore = ProcessCpu.Snapshot();
            var stepClock = Stopwatch.StartNew();
            var samples = await RunStepAsync(http, workload, concurrency, TimeSpan.FromSeconds(options.StepSeconds), random.Next());
            var cores = ProcessCpu.Cores(cpuBefore, ProcessCpu.Snapshot(), stepClock.Elapsed.TotalSeconds);
            var step = PeakStep.From(options.Label, concurrency, options.StepSeconds, samples) with { Fallbacks = Interlocked.Read(ref workload.Fallbacks), Cores = cores };
            Console.WriteLine(step.Describe());
            step.AppendTo(options.ResultsFile);
        }
        return 0;
    }

    private static async Task<List<Sample>> RunStepAsync(HttpClient http, Workload workload, int concurrency, TimeSpan length, int seed)
    {
        var clock = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, concurrency).Select(client => Task.Run(async () =>
        {
            var random = new Random(seed + client);
            var token = workload.Tokens[(seed + client) % workload.Tokens.Count];
            var mine = new List<Sample>();
            while (clock.Elapsed < length)
            {
                mine.AddRange(await ActAsync(http, workload, Pick(random), token, random));
            }
            return mine;
        })).ToList();
        return [.. (await Task.WhenAll(clients)).SelectMany(samples => samples)];
    }

    private static Action Pick(Random random)
    {
        var roll = random.Next(100);
        foreach (var (action, share) in Mix)
        {
            if (roll < share) return action;
            roll -= share;
        }
        return Action.Browse;
    }

    private static async Task<IEnumerable<Sample>> ActAsync(HttpClient http, Workload workload, Action action, string token, Random random)
    {
        switch (action)
        {
            case Action.Browse:
                var page = random.Next(3) == 0 ? "/" : string.Create(CultureInfo.InvariantCulture, $"/doctors/{workload.Doctors[random.Next(workload.Doctors.Count)]}");
                return [await SendAsync(http, action, HttpMethod.Get, page, token: null, body: null)];
            case Action.Search:
                return [await SendAsync(http, action, HttpMethod.Get, workload.SearchPaths[random.Next(workload.SearchPaths.Count)], token: null, body: null)];
            case Action.Slots:
                return [await SendAsync(http, action, HttpMethod.Get, workload.SlotPaths[random.Next(workload.SlotPaths.Count)], token: null, body: null)];
            case Action.Messages:
                return [await SendAsync(http, action, HttpMethod.Get, "/api/v1/conversations", token, body: null)];
            case Action.Hold when workload.FreeSlots.TryDequeue(out var slot):
            {
                var held = await SendAsync(http, action, HttpMethod.Post, "/api/v1/appointments/holds", token, SlotBody(slot), keepBody: true);
                // A hold that is released leaves the slot free for the next client.
                if (held.Status != 201) return [held.Sample];
                var id = JsonDocument.Parse(held.Body!).RootElement.GetProperty("id").GetString();
                var released = await SendAsync(http, action, HttpMethod.Delete, $"/api/v1/appointments/holds/{id}", token, body: null);
                workload.FreeSlots.Enqueue(slot);
                return [held.Sample, released];
            }
            case Action.Book when workload.FreeSlots.TryDequeue(out var slot):
            {
                var booked = await SendAsync(http, action, HttpMethod.Post, "/api/v1/appointments", token, SlotBody(slot, "Peak load"), keepBody: true);
                if (booked.Status == 201) workload.Bookings.Enqueue(new Booked(token, JsonDocument.Parse(booked.Body!).RootElement.GetProperty("id").GetString()!, slot));
                return [booked.Sample];
            }
            case Action.Cancel when workload.Bookings.TryDequeue(out var booking):
            {
                var cancelled = await SendAsync(http, action, HttpMethod.Post, $"/api/v1/appointments/{booking.AppointmentId}/cancel", booking.Token,
                    new { reason = "Peak load: plans changed" });
                if (cancelled.Status == 200) workload.FreeSlots.Enqueue(booking.Slot);
                return [cancelled];
            }
            default:
                // No free slot or booking left to act on: read slots instead, as a visitor would, and count it.
                Interlocked.Increment(ref workload.Fallbacks);
                return [await SendAsync(http, Action.Slots, HttpMethod.Get, workload.SlotPaths[random.Next(workload.SlotPaths.Count)], token: null, body: null)];
        }
    }

    private static object SlotBody(BookingLoad.Slot slot, string? reason = null) => reason is null
        ? new { doctorId = slot.DoctorId, appointmentTypeId = slot.TypeId, start = slot.Start }
        : new { doctorId = slot.DoctorId, appointmentTypeId = slot.TypeId, start = slot.Start, reason };

    private static async Task<Sample> SendAsync(HttpClient http, Action action, HttpMethod method, string path, string? token, object? body) =>
        (await SendAsync(http, action, method, path, token, body, keepBody: false)).Sample;

    private static async Task<(Sample Sample, int Status, string? Body)> SendAsync(HttpClient http, Action action, HttpMethod method, string path,
        string? token, object? body, bool keepBody)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request);
            var text = keepBody ? await response.Content.ReadAsStringAsync() : null;
            if (!keepBody) await response.Content.CopyToAsync(Stream.Null);
            var status = (int)response.StatusCode;
            return (new Sample(action, Stopwatch.GetElapsedTime(started).TotalMilliseconds, status), status, text);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            // Status 0: no answer at all (refused connection, reset, time-out).
            return (new Sample(action, Stopwatch.GetElapsedTime(started).TotalMilliseconds, 0), 0, null);
        }
    }

    /// <summary>One step's figures, one JSON object a line in the results file.</summary>
    public sealed record PeakStep(string Name, string Label, int Concurrency, double Seconds, long Requests, double RequestsPerSecond,
        double P50, double P95, double P99, long Errors, long Refused, Dictionary<string, long> Statuses, Dictionary<string, ActionFigures> Actions)
    {
        /// <summary>Picks of hold, book or cancel that found no free slot or booking and read slots instead.</summary>
        public long Fallbacks { get; init; }

        /// <summary>Cores used during the step by the app instances, PostgreSQL, nginx, Redis, this load and the whole machine.</summary>
        public Dictionary<string, double>? Cores { get; init; }

        internal static PeakStep From(string label, int concurrency, double seconds, List<Sample> samples)
        {
            var statuses = samples.GroupBy(s => s.Status == 0 ? "no answer" : s.Status.ToString(CultureInfo.InvariantCulture))
                .ToDictionary(g => g.Key, g => (long)g.LongCount(), StringComparer.Ordinal);
            var (p50, p95, p99) = Quantiles(samples);
            return new PeakStep("peak", label, concurrency, seconds, samples.Count, Math.Round(samples.Count / seconds, 1), p50, p95, p99,
                samples.LongCount(IsError), samples.LongCount(IsRefusal), statuses,
                samples.GroupBy(s => s.Action).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString().ToLowerInvariant(), g =>
                {
                    var (a50, a95, a99) = Quantiles(g);
                    return new ActionFigures(g.LongCount(), a50, a95, a99, g.LongCount(IsError), g.LongCount(IsRefusal));
                }, StringComparer.Ordinal));
        }

        /// <summary>No answer, a server error, or a client error the workload never provokes on purpose.</summary>
        private static bool IsError(Sample sample) => sample.Status is 0 or >= 500 || (sample.Status >= 400 && !IsRefusal(sample));

        private static bool IsRefusal(Sample sample) => sample.Status is 409 or 422;

        private static (double, double, double) Quantiles(IEnumerable<Sample> samples)
        {
            var sorted = samples.Select(s => s.Milliseconds).Order().ToArray();
            double At(double quantile) => sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)], 2);
            return (At(0.50), At(0.95), At(0.99));
        }

        public string Describe()
        {
            var cores = Cores is null ? "" : string.Create(CultureInfo.InvariantCulture,
                $"; cores: {string.Join(", ", Cores.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value:F2}")))}");
            return string.Create(CultureInfo.InvariantCulture,
                $"[peak              ] {Label}, {Concurrency,4} clients: {RequestsPerSecond,8:N0} req/s; p50 {P50,7:F1} ms, p95 {P95,7:F1} ms, p99 {P99,7:F1} ms; " +
                $"errors {Errors:N0}, refused {Refused:N0}, fell back {Fallbacks:N0} ({string.Join(", ", Statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value:N0}"))}){cores}");
        }

        public void AppendTo(string? file)
        {
            if (file is null) return;
            File.AppendAllText(file, JsonSerializer.Serialize(this) + "\n");
        }

        public static IReadOnlyList<PeakStep> ReadAll(string file) =>
            [.. File.ReadLines(file).Where(line => !string.IsNullOrWhiteSpace(line)).Select(line => JsonSerializer.Deserialize<PeakStep>(line)!)
                .Where(step => step.Name == "peak")];
    }

    public sealed record ActionFigures(long Requests, double P50, double P95, double P99, long Errors, long Refused);
}
