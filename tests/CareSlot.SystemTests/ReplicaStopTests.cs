using CareSlot.SystemTests.Infrastructure;

namespace CareSlot.SystemTests;

/// <summary>
/// (e) The streaming replica stops: directory and slot reads, which may go to the standby, fall back to the primary,
/// and bookings go on. (Without the replica reads of branch "replica" every read is on the primary anyway, and this
/// shows that a dead standby in the connection string harms nothing.)
/// </summary>
[Collection(OneTopology.Name)]
public sealed class ReplicaStopTests
{
    [Fact]
    public async Task StoppingTheReplicaLeavesReadsOnThePrimary()
    {
        using var site = Topology.SiteClient(connections: 32);
        var slots = await Slots.FreeAsync(site, 300, notBefore: TimeProvider.System.GetUtcNow().AddHours(2));
        var bookings = await PatientPool.AssignAsync(site, slots, 150);
        var (stopCode, stopOutput) = await Topology.PgCtlAsync("replica", "-m", "fast", "-w", "stop");
        Assert.True(stopCode == 0, stopOutput);
        try
        {
            var load = new Load(site);
            await load.RunAsync(bookings, connections: 8, perSecond: 15, deadline: TimeSpan.FromMinutes(1), readers: 6, readSlots: slots);
            var (acknowledged, found) = await load.AcknowledgedInDatabaseAsync();
            var errors = load.Outcomes.Count(o => o.IsServerError);
            Figures.Print("e. replica down", $"replica stopped; {load.Elapsed.TotalSeconds:F1} s of load: reads {Figures.Counts(load.StatusCounts("read"))}; " +
                $"bookings {Figures.Counts(load.StatusCounts("book"))}; 5xx/no answer: {errors}; acknowledged {acknowledged}, in the database {found}");
            load.PrintSamples("e. replica down");
            Assert.Equal(0, errors);
            Assert.Equal(acknowledged, found);
            Assert.Contains(load.Outcomes, o => o.Kind == "read" && o.Status == 200);
        }
        finally
        {
            await Topology.UpAsync();
            Figures.Print("e. replica down", "replica started again by ops/topology.sh up and streaming");
        }
    }
}
