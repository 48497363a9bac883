using System.Diagnostics;
using System.Globalization;
using CareSlot.SystemTests.Infrastructure;

namespace CareSlot.SystemTests;

/// <summary>
/// (h) The mail server is down for SMTP_OUTAGE_SECONDS (300 by default, as issue 21 asks) while bookings fill the outbox
/// with confirmations; once it is back, every one is delivered, none twice (by Message-Id at the sink).
/// </summary>
[Collection(OneTopology.Name)]
public sealed class SmtpOutageTests
{
    private const int Bookings = 100;

    [Fact]
    public async Task EveryMessageQueuedDuringAnSmtpOutageIsDeliveredOnceAfterIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var outage = TimeSpan.FromSeconds(int.Parse(Environment.GetEnvironmentVariable("SMTP_OUTAGE_SECONDS") is { Length: > 0 } s ? s : "300", CultureInfo.InvariantCulture));
        using var site = Topology.SiteClient(connections: 16);
        var slots = await Slots.FreeAsync(site, Bookings * 2, notBefore: TimeProvider.System.GetUtcNow().AddHours(2));
        var bookings = await PatientPool.AssignAsync(site, slots, Bookings);

        Topology.KillHard(Topology.PidOf("smtp"));
        var down = Stopwatch.StartNew();
        var load = new Load(site);
        // Spread over the first half of the outage, so messages keep joining the outbox while the server is away.
        await load.RunAsync(bookings, connections: 4, perSecond: Bookings / Math.Max(1, outage.TotalSeconds / 2), deadline: outage);
        var appointments = load.Outcomes.Where(o => o.AppointmentId is not null).Select(o => o.AppointmentId!.Value).ToArray();
        const string Unsent = """
            SELECT count(*) FROM "OutboxMessages" WHERE "Template" = 'PatientBooked' AND "Channel" = 'Email' AND "State" <> 'Sent' AND "AppointmentId" = ANY(@ids)
            """;
        var attemptsSql = """SELECT coalesce(sum("Attempts"), 0) FROM "OutboxMessages" WHERE "Template" = 'PatientBooked' AND "Channel" = 'Email' AND "AppointmentId" = ANY(@ids)""";
        if (outage > down.Elapsed) await Task.Delay(outage - down.Elapsed, ct);
        var waitingAtEnd = await Topology.ScalarAsync(Unsent, ("ids", appointments));
        var attemptsDuring = await Topology.ScalarAsync(attemptsSql, ("ids", appointments));
        var outageLasted = down.Elapsed;
        await Topology.UpAsync(); // starts the sink again
        var back = Stopwatch.StartNew();
        while (await Topology.ScalarAsync(Unsent, ("ids", appointments)) > 0 && back.Elapsed < TimeSpan.FromMinutes(3)) await Task.Delay(500, ct);
        var drained = back.Elapsed;
        var failed = await Topology.ScalarAsync("""
            SELECT count(*) FROM "OutboxMessages" WHERE "Template" = 'PatientBooked' AND "Channel" = 'Email' AND "State" = 'Failed' AND "AppointmentId" = ANY(@ids)
            """, ("ids", appointments));
        var (distinct, duplicates, total) = Mailbox.Count(appointments, "patientbooked.email");
        Figures.Print("h. smtp outage", $"SMTP sink down {outageLasted.TotalSeconds:F0} s; {appointments.Length} bookings during it ({Figures.Counts(load.StatusCounts("book"))}); " +
            $"confirmations waiting when it came back: {waitingAtEnd} after {attemptsDuring} failed attempts in all; all delivered {drained.TotalSeconds:F1} s after; " +
            $"failed for good: {failed}; at the sink: {total} confirmations, {distinct} distinct Message-Ids, {duplicates} duplicates");
        load.PrintSamples("h. smtp outage");

        Assert.Equal(Bookings, appointments.Length);
        Assert.Equal(0, failed);
        Assert.Equal(appointments.Length, distinct);
        Assert.Equal(0, duplicates);
    }
}
