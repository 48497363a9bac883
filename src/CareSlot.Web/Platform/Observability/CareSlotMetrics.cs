using System.Diagnostics.Metrics;

namespace CareSlot.Web.Platform.Observability;

/// <summary>The outbox as last read: due messages not yet sent, and how long the oldest of them has waited.</summary>
public sealed record OutboxReading(long Backlog, double OldestAgeSeconds);

/// <summary>The outbox's state for its gauges; it must answer at once (a cached reading), null before the first.</summary>
public interface IOutboxReadings
{
    OutboxReading? Current();
}

/// <summary>
/// CareSlot's own instruments, on one meter ("CareSlot") that /metrics exports beside ASP.NET Core's, the runtime's and
/// Npgsql's. Tags stay low-cardinality (who acted, which channel, which cache): never an id, never an address.
/// </summary>
public sealed class CareSlotMetrics
{
    public const string MeterName = "CareSlot";

    private readonly Counter<long> booked;
    private readonly Counter<long> cancelled;
    private readonly Counter<long> rescheduled;
    private readonly Counter<long> notifications;
    private readonly Counter<long> cacheHits;
    private readonly Counter<long> cacheMisses;
    private readonly Counter<long> databaseUnavailable;

    /// <param name="outbox">The notifications feature's reading; absent in hosts without an outbox.</param>
    public CareSlotMetrics(IMeterFactory meters, IOutboxReadings? outbox = null)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        booked = meter.CreateCounter<long>("careslot.appointments.booked", "{appointment}", "Appointments booked, by who booked them.");
        cancelled = meter.CreateCounter<long>("careslot.appointments.cancelled", "{appointment}", "Appointments cancelled, by who cancelled them.");
        rescheduled = meter.CreateCounter<long>("careslot.appointments.rescheduled", "{appointment}", "Appointments moved, by who moved them.");
        notifications = meter.CreateCounter<long>("careslot.notifications", "{message}",
            "Delivery outcomes by channel: sent, retrying (an attempt failed, another follows), dead (failed for good), skipped.");
        cacheHits = meter.CreateCounter<long>("careslot.doctor_time_cache.hits", "{lookup}", "Doctor-time lookups answered from memory.");
        cacheMisses = meter.CreateCounter<long>("careslot.doctor_time_cache.misses", "{lookup}", "Doctor-time lookups read from the database.");
        databaseUnavailable = meter.CreateCounter<long>("careslot.requests.database_unavailable", "{request}",
            "Requests answered 503 because the database was away for a moment (restarting, unreachable, out of connections, busy).");
        // Scrapes must not wait on the database: the callbacks return the reading the outbox feature keeps.
        meter.CreateObservableGauge("careslot.outbox.backlog", () => outbox?.Current()?.Backlog ?? 0L, "{message}",
            "Messages due and not yet sent.");
        meter.CreateObservableGauge("careslot.outbox.oldest_age", () => outbox?.Current()?.OldestAgeSeconds ?? 0d, "s",
            "How long the oldest due, unsent message has waited.");
    }

    public void AppointmentBooked(string actor) => booked.Add(1, new KeyValuePair<string, object?>("actor", actor));

    public void AppointmentCancelled(string actor) => cancelled.Add(1, new KeyValuePair<string, object?>("actor", actor));

    public void AppointmentRescheduled(string actor) => rescheduled.Add(1, new KeyValuePair<string, object?>("actor", actor));

    public void NotificationOutcome(string channel, string outcome) =>
        notifications.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("outcome", outcome));

    public void DatabaseUnavailable() => databaseUnavailable.Add(1);

    public void DoctorTimeCacheLookup(string cache, bool hit) =>
        (hit ? cacheHits : cacheMisses).Add(1, new KeyValuePair<string, object?>("cache", cache));
}
