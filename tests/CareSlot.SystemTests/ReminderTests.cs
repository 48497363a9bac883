using System.Diagnostics;
using CareSlot.SystemTests.Infrastructure;

namespace CareSlot.SystemTests;

/// <summary>
/// (b) 1,000 reminders come due at once and the three instances' dispatchers all reach for them: each is sent exactly
/// once (claims with FOR UPDATE SKIP LOCKED), counted at the SMTP sink by Message-Id.
/// </summary>
[Collection(OneTopology.Name)]
public sealed class ReminderTests
{
    private const int Reminders = 1_000;

    [Fact]
    public async Task AThousandDueRemindersAreSentExactlyOnceAcrossInstances()
    {
        using var site = Topology.SiteClient(connections: 32);
        // Booked through the app, which queues each visit's e-mail reminder 24 h before it: the visits start after tomorrow.
        var slots = await Slots.FreeAsync(site, Reminders + 200, notBefore: TimeProvider.System.GetUtcNow().AddHours(26));
        var bookings = await PatientPool.AssignAsync(site, slots, Reminders);
        var load = new Load(site);
        await load.RunAsync(bookings, connections: 24, perSecond: 1_000, deadline: TimeSpan.FromMinutes(3));
        var appointments = load.Outcomes.Where(o => o.AppointmentId is not null).Select(o => o.AppointmentId!.Value).ToArray();
        Figures.Print("b. reminders", $"{appointments.Length} appointments booked in {load.Elapsed.TotalSeconds:F1} s ({Figures.Counts(load.StatusCounts("book"))})");
        load.PrintSamples("b. reminders");
        Assert.Equal(Reminders, appointments.Length);

        // Their reminders come due now, all at once: the app's own queued rows, only the due time moved.
        await Topology.ExecuteAsync("""
            UPDATE "OutboxMessages" SET "DueAt" = now()
            WHERE "Template" = 'PatientReminder' AND "Channel" = 'Email' AND "State" = 'Pending' AND "AppointmentId" = ANY(@ids)
            """, ("ids", appointments));
        var watch = Stopwatch.StartNew();
        const string Pending = """SELECT count(*) FROM "OutboxMessages" WHERE "Template" = 'PatientReminder' AND "Channel" = 'Email' AND "State" = 'Pending' AND "AppointmentId" = ANY(@ids)""";
        while (await Topology.ScalarAsync(Pending, ("ids", appointments)) > 0 && watch.Elapsed < TimeSpan.FromMinutes(4)) await Task.Delay(500, TestContext.Current.CancellationToken);
        var sendSeconds = watch.Elapsed.TotalSeconds;
        // aiosmtpd writes the file before it answers, so every message the app recorded as sent is on disk now.
        var (distinct, duplicates, total) = Mailbox.Count(appointments, "patientreminder.email");
        var states = await StatesAsync(appointments);
        Figures.Print("b. reminders", $"{Reminders} reminders due at once, all dispatched in {sendSeconds:F1} s ({Reminders / sendSeconds:F0}/s over 3 instances); " +
            $"outbox: {states}; at the sink: {total} reminder messages, {distinct} distinct Message-Ids, {duplicates} duplicates");

        Assert.Equal(Reminders, distinct);
        Assert.Equal(0, duplicates);
    }

    private static async Task<string> StatesAsync(Guid[] appointments)
    {
        var parts = new List<string>();
        await using var command = Topology.Database.CreateCommand("""
            SELECT "State", count(*) FROM "OutboxMessages" WHERE "Template" = 'PatientReminder' AND "Channel" = 'Email' AND "AppointmentId" = ANY(@ids) GROUP BY 1 ORDER BY 1
            """);
        command.Parameters.AddWithValue("ids", appointments);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) parts.Add($"{reader.GetString(0)} × {reader.GetInt64(1)}");
        return string.Join(", ", parts);
    }
}
