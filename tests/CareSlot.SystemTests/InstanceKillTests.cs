using System.Diagnostics;
using System.Globalization;
using CareSlot.SystemTests.Infrastructure;

namespace CareSlot.SystemTests;

/// <summary>
/// (c) kill -9 one instance while patients book through nginx: nginx routes around it, every acknowledged booking is in
/// the database, and the only errors are bookings that were on their way to the killed instance: nginx never passes a
/// POST that reached an instance on to another (it could book twice), so those answer 502. nginx's access log says
/// which instance answered each request.
/// </summary>
[Collection(OneTopology.Name)]
public sealed class InstanceKillTests
{
    [Fact]
    public async Task KillingAnInstanceUnderLoadLosesNoAcknowledgedBooking()
    {
        using var site = Topology.SiteClient(connections: 32);
        var slots = await Slots.FreeAsync(site, 600, notBefore: TimeProvider.System.GetUtcNow().AddHours(2));
        var bookings = await PatientPool.AssignAsync(site, slots, 400);
        var load = new Load(site);
        const int Victim = 1; // the second instance
        var victimPid = Topology.InstancePid(Victim);
        var victimAddress = $"127.0.0.1:{Topology.AppPorts[Victim]}";
        var accessLog = Path.Combine(Topology.Work, "logs", "nginx-access.log");
        var logStart = new FileInfo(accessLog).Length;
        TimeSpan killedAt = default, goneAt = default;
        var inFlightAtKill = 0;
        await load.RunAsync(bookings, connections: 16, perSecond: 40, deadline: TimeSpan.FromMinutes(2),
            fault: (TimeSpan.FromSeconds(3), async () =>
            {
                using var victim = Process.GetProcessById(victimPid);
                inFlightAtKill = load.InFlight;
                killedAt = load.Elapsed;
                Topology.KillHard(victimPid);
                await victim.WaitForExitAsync();
                goneAt = load.Elapsed;
            }));

        var outcomes = load.Outcomes.Where(o => o.Kind == "book").ToList();
        var serverErrors = outcomes.Count(o => o.IsServerError);
        var noAnswer = outcomes.Count(o => o.Status == 0);
        var (acknowledged, found) = await load.AcknowledgedInDatabaseAsync();
        var (fromVictim, passedOn, bookingLines) = ReadAccessLog(accessLog, logStart, victimAddress);
        Figures.Print("c. kill -9", $"{outcomes.Count} bookings at 40/s over {load.Elapsed.TotalSeconds:F1} s; instance 2 (pid {victimPid}) killed at {killedAt.TotalSeconds:F1} s " +
            $"(gone {(goneAt - killedAt).TotalMilliseconds:F0} ms later) with {inFlightAtKill} bookings in flight through nginx: {Figures.Counts(load.StatusCounts("book"))}; " +
            $"5xx: {serverErrors}, of which nginx logged {fromVictim} as the killed instance's (in flight there), no answer at all: {noAnswer}; " +
            $"nginx passed {passedOn} requests on from the dead instance to another; acknowledged 201: {acknowledged}, in the database: {found}");
        load.PrintSamples("c. kill -9");

        await Topology.UpAsync();
        await Topology.WaitReadyAsync(Victim, TimeSpan.FromSeconds(60));
        Figures.Print("c. kill -9", "instance 2 restarted by ops/topology.sh up and ready again");

        Assert.Equal(acknowledged, found);
        Assert.True(acknowledged > 0);
        Assert.Equal(0, noAnswer);
        Assert.Equal(outcomes.Count, bookingLines);
        // Every 5xx was a booking the killed instance had been given: none came from a live instance or from nginx itself.
        Assert.Equal(serverErrors, fromVictim);
    }

    /// <summary>The bookings nginx logged since <paramref name="from"/>: 5xx answered by the victim, requests moved off it, and all.</summary>
    private static (int FromVictim, int PassedOn, int Bookings) ReadAccessLog(string path, long from, string victim)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(from, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        int fromVictim = 0, passedOn = 0, bookings = 0;
        while (reader.ReadLine() is { } line)
        {
            if (!line.Contains("\"POST /api/v1/appointments ", StringComparison.Ordinal)) continue;
            bookings++;
            // ... "POST /api/v1/appointments HTTP/1.1" 502 upstream=127.0.0.1:5102, 127.0.0.1:5103 upstream_status=502, 201 0.004
            var afterRequest = line[(line.IndexOf("HTTP/", StringComparison.Ordinal) + 1)..];
            var status = int.Parse(afterRequest[(afterRequest.IndexOf('"', StringComparison.Ordinal) + 2)..].Split(' ')[0], CultureInfo.InvariantCulture);
            var tried = line[(line.IndexOf("upstream=", StringComparison.Ordinal) + 9)..line.IndexOf(" upstream_status=", StringComparison.Ordinal)]
                .Split(',', StringSplitOptions.TrimEntries);
            if (status >= 500 && tried[^1] == victim) fromVictim++;
            if (tried.Length > 1 && tried[0] == victim) passedOn++;
        }
        return (fromVictim, passedOn, bookings);
    }
}
