using CareSlot.SystemTests.Infrastructure;

namespace CareSlot.SystemTests;

/// <summary>
/// (d) PostgreSQL's primary restarts while patients book and visitors read: the instances recover by themselves (their
/// pools drop the broken connections and open new ones), reads and writes resume, and no acknowledged booking is lost.
/// While it restarts, the requests that needed it are answered 503 with Retry-After.
/// </summary>
[Collection(OneTopology.Name)]
public sealed class DatabaseRestartTests
{
    [Fact]
    public async Task RestartingThePrimaryUnderLoadLosesNoAcknowledgedWrite()
    {
        using var site = Topology.SiteClient(connections: 32);
        var slots = await Slots.FreeAsync(site, 600, notBefore: TimeProvider.System.GetUtcNow().AddHours(2));
        var bookings = await PatientPool.AssignAsync(site, slots, 400);
        var load = new Load(site);
        TimeSpan restartFrom = default, restartTo = default;
        string restartOutput = "";
        await load.RunAsync(bookings, connections: 8, perSecond: 20, deadline: TimeSpan.FromMinutes(2), readers: 4, readSlots: slots,
            fault: (TimeSpan.FromSeconds(4), async () =>
            {
                restartFrom = load.Elapsed;
                (_, restartOutput) = await Topology.PgCtlAsync("primary", "-m", "fast", "-w", "-l", Path.Combine(Topology.Work, "pg", "primary.log"), "restart");
                restartTo = load.Elapsed;
                // The test's own pooled connections died with the server too.
                Topology.Database.Clear();
            }));

        var all = load.Outcomes.ToList();
        var failed = all.Where(o => o.IsServerError).ToList();
        var lastFailure = failed.Count == 0 ? restartFrom : failed.Max(o => o.Ended);
        var afterRecovery = all.Where(o => o.Started > lastFailure).ToList();
        var writesAfter = afterRecovery.Count(o => o.Kind == "book" && o.Status == 201);
        var readsAfter = afterRecovery.Count(o => o.Kind == "read" && o.Status == 200);
        var (acknowledged, found) = await load.AcknowledgedInDatabaseAsync();
        Figures.Print("d. pg restart", $"primary restarted (pg_ctl restart -m fast) from {restartFrom.TotalSeconds:F1} s to {restartTo.TotalSeconds:F1} s of a {load.Elapsed.TotalSeconds:F1} s load; " +
            $"bookings: {Figures.Counts(load.StatusCounts("book"))}; reads: {Figures.Counts(load.StatusCounts("read"))}; " +
            $"{failed.Count} requests failed, started from {(failed.Count == 0 ? 0 : failed.Min(o => o.Started).TotalSeconds):F1} s, the last ended at {lastFailure.TotalSeconds:F1} s " +
            $"({(lastFailure - restartTo).TotalSeconds:F1} s after the database was back); after the last error: {writesAfter} bookings 201, {readsAfter} reads 200; acknowledged 201: {acknowledged}, in the database: {found}");
        load.PrintSamples("d. pg restart");

        Assert.True(restartOutput.Contains("server started", StringComparison.Ordinal), restartOutput);
        Assert.Equal(acknowledged, found);
        Assert.True(writesAfter > 0, "no booking succeeded after the restart");
        Assert.True(readsAfter > 0, "no read succeeded after the restart");
        // Told the truth while it lasted: the database is away for a moment (503, Retry-After), not a fault (500).
        Assert.True(failed.All(o => o.Status == 503), $"failures other than 503: {string.Join(", ", failed.Where(o => o.Status != 503).GroupBy(o => o.Status).Select(g => $"{g.Count()} × {g.Key}"))}");
        // Recovered by itself: the errors end within a few seconds of the database being back.
        Assert.True(lastFailure - restartTo < TimeSpan.FromSeconds(15), $"errors went on until {(lastFailure - restartTo).TotalSeconds:F1} s after the restart ended");
        await Topology.UpAsync(); // the replica reconnects by itself; this only checks everything is up for the next test
    }
}
