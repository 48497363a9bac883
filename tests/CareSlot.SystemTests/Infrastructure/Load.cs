using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CareSlot.SystemTests.Infrastructure;

/// <summary>One request's outcome: its status (0 when no answer came), when it started and ended, and what it booked.</summary>
public sealed record Outcome(string Kind, int Status, TimeSpan Started, TimeSpan Ended, Guid? AppointmentId)
{
    public bool IsServerError => Status is 0 or >= 500;
}

/// <summary>
/// A bounded load through nginx: each patient books their own slot (so any refusal is the app's doing), a given number
/// at a time and at most so many per second, optionally beside readers of the directory and slots; a fault can be
/// injected at a moment of the run. Everything stops at the deadline, whatever is left.
/// </summary>
public sealed class Load(HttpClient site)
{
    private readonly ConcurrentBag<Outcome> outcomes = [];
    private readonly ConcurrentDictionary<int, string> samples = new();
    private readonly Stopwatch clock = new();
    private int inFlight;

    public IReadOnlyCollection<Outcome> Outcomes => outcomes;

    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>Requests of any kind on their way at this moment.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    public static HttpRequestMessage Booking(Patient patient, Slot slot)
    {
        var body = JsonSerializer.Serialize(new { doctorId = slot.DoctorId, appointmentTypeId = slot.TypeId, start = slot.Start, reason = "System test booking" });
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/appointments") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", patient.Token);
        return request;
    }

    /// <summary>The appointment a 201 created, from its Location (/api/v1/appointments/{id}).</summary>
    public static Guid? BookedId(HttpResponseMessage response) =>
        response.StatusCode == System.Net.HttpStatusCode.Created && response.Headers.Location is { } location
            && Guid.TryParse(location.OriginalString.TrimEnd('/').Split('/')[^1], out var id) ? id : null;

    public async Task RunAsync(IReadOnlyList<(Patient Patient, Slot Slot)> bookings, int connections, double perSecond, TimeSpan deadline,
        int readers = 0, IReadOnlyList<Slot>? readSlots = null, (TimeSpan At, Func<Task> Fault)? fault = null)
    {
        clock.Start();
        using var stop = new CancellationTokenSource(deadline);
        var issued = -1;
        var bookers = Enumerable.Range(0, connections).Select(async _ =>
        {
            int index;
            while (!stop.IsCancellationRequested && (index = Interlocked.Increment(ref issued)) < bookings.Count)
            {
                // Paced: booking n leaves no earlier than n / perSecond seconds into the run.
                var due = TimeSpan.FromSeconds(index / perSecond);
                if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed, CancellationToken.None);
                var (patient, slot) = bookings[index];
                await SendAsync("book", () => Booking(patient, slot));
            }
        }).ToList();
        var readTask = Task.WhenAll(Enumerable.Range(0, readers).Select(async reader =>
        {
            var random = new Random(reader);
            // Readers run while the bookings do, a few a second each: the directory and a doctor's slots.
            while (!stop.IsCancellationRequested && bookers.Any(b => !b.IsCompleted))
            {
                var slot = readSlots![random.Next(readSlots.Count)];
                await SendAsync("read", () => new HttpRequestMessage(HttpMethod.Get, random.Next(2) == 0
                    ? "api/v1/doctors?pageSize=20"
                    : string.Create(CultureInfo.InvariantCulture, $"api/v1/doctors/{slot.DoctorId}/slots?appointmentTypeId={slot.TypeId}")));
                await Task.Delay(200, CancellationToken.None);
            }
        }));
        var faultTask = fault is { } f
            ? Task.Run(async () =>
            {
                await Task.Delay(f.At, CancellationToken.None);
                await f.Fault();
            }, CancellationToken.None)
            : Task.CompletedTask;
        await Task.WhenAll(bookers);
        await readTask;
        await faultTask;
        clock.Stop();
    }

    private async Task SendAsync(string kind, Func<HttpRequestMessage> make)
    {
        var started = clock.Elapsed;
        Interlocked.Increment(ref inFlight);
        try
        {
            using var request = make();
            using var response = await site.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            // One answer of each refusal is kept, so the figures can say why requests failed.
            if (!response.IsSuccessStatusCode) samples.TryAdd((int)response.StatusCode, body.Length > 240 ? body[..240] : body);
            outcomes.Add(new Outcome(kind, (int)response.StatusCode, started, clock.Elapsed, BookedId(response)));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            outcomes.Add(new Outcome(kind, 0, started, clock.Elapsed, null));
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    /// <summary>The first answer of each unsuccessful status, shortened.</summary>
    public string Samples() => string.Join(" | ", samples.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));

    public void PrintSamples(string test)
    {
        if (!samples.IsEmpty) Figures.Print(test, "first answer of each refusal: " + Samples());
    }

    public Dictionary<string, int> StatusCounts(string kind) =>
        outcomes.Where(o => o.Kind == kind).GroupBy(o => o.Status == 0 ? "no answer" : o.Status.ToString(CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Count());

    /// <summary>How many of the acknowledged (201) bookings the primary holds now.</summary>
    public async Task<(int Acknowledged, long Found)> AcknowledgedInDatabaseAsync()
    {
        var ids = outcomes.Where(o => o.AppointmentId is not null).Select(o => o.AppointmentId!.Value).Distinct().ToArray();
        var found = await Topology.ScalarAsync("""SELECT count(*) FROM "Appointments" WHERE "Id" = ANY(@ids)""", ("ids", ids));
        return (ids.Length, found);
    }
}
