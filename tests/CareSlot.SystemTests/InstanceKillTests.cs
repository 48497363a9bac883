using CareSlot.SystemTests.Infrastructure;

namespace CareSlot.SystemTests;

/// <summary>
/// (c) kill -9 one instance while patients book through nginx: nginx routes around it, every acknowledged booking is in
/// the database, and the only errors are the requests that were on their way at the moment of the kill.
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
        var killedAt = TimeSpan.Zero;
        var inFlightAtKill = 0;
        await load.RunAsync(bookings, connections: 16, perSecond: 40, deadline: TimeSpan.FromMinutes(2),
            fault: (TimeSpan.FromSeconds(3), () =>
            {
                inFlightAtKill = load.InFlight;
                killedAt = load.Elapsed;
                Topology.KillHard(victimPid);
                return Task.CompletedTask;
            }));

        var outcomes = load.Outcomes.Where(o => o.Kind == "book").ToList();
        var serverErrors = outcomes.Where(o => o.IsServerError).ToList();
        // A request that started after the kill found the instance's port closed: nginx must have passed it on.
        var errorsAfterKill = serverErrors.Count(o => o.Started > killedAt + TimeSpan.FromMilliseconds(50));
        var (acknowledged, found) = await load.AcknowledgedInDatabaseAsync();
        Figures.Print("c. kill -9", $"{outcomes.Count} bookings at 40/s over {load.Elapsed.TotalSeconds:F1} s; instance 2 (pid {victimPid}) killed at {killedAt.TotalSeconds:F1} s " +
            $"with {inFlightAtKill} requests in flight through nginx: {Figures.Counts(load.StatusCounts("book"))}; " +
            $"5xx/no answer: {serverErrors.Count} (started after the kill: {errorsAfterKill}); acknowledged 201: {acknowledged}, in the database: {found}");
        load.PrintSamples("c. kill -9");

        await Topology.UpAsync();
        await Topology.WaitReadyAsync(Victim, TimeSpan.FromSeconds(60));
        Figures.Print("c. kill -9", "instance 2 restarted by ops/topology.sh up and ready again");

        Assert.Equal(acknowledged, found);
        Assert.Equal(0, errorsAfterKill);
        Assert.True(serverErrors.Count <= inFlightAtKill, $"{serverErrors.Count} server errors, but only {inFlightAtKill} requests were in flight at the kill");
        Assert.True(acknowledged > 0);
    }
}
