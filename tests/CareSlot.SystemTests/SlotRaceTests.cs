using System.Diagnostics;
using System.Globalization;
using CareSlot.SystemTests.Infrastructure;

namespace CareSlot.SystemTests;

/// <summary>(a) 500 patients book the same slot at the same moment through nginx: the database lets exactly one win.</summary>
[Collection(OneTopology.Name)]
public sealed class SlotRaceTests
{
    private const int Contenders = 500;

    [Fact]
    public async Task FiveHundredPatientsRaceForOneSlotAndExactlyOneWins()
    {
        using var site = Topology.SiteClient(connections: Contenders);
        var patients = (await PatientPool.GetAsync(site)).Take(Contenders).ToList();
        var slot = await PatientPool.SlotFreeForEveryoneAsync(site, await Slots.FreeAsync(site, 200, notBefore: TimeProvider.System.GetUtcNow().AddHours(2)));

        // Every connection is opened and every request made before the start, so the 500 leave together.
        var requests = patients.Select(p => Load.Booking(p, slot)).ToList();
        await Parallel.ForEachAsync(Enumerable.Range(0, Contenders), new ParallelOptions { MaxDegreeOfParallelism = 64 },
            async (_, ct) => { using var warm = await site.GetAsync("health/live", ct); });
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = new Stopwatch();
        var sends = requests.Select(async request =>
        {
            await start.Task;
            try
            {
                using var response = await site.SendAsync(request);
                return ((int)response.StatusCode, Load.BookedId(response));
            }
            catch (HttpRequestException)
            {
                return (0, (Guid?)null);
            }
        }).ToList();
        watch.Start();
        start.SetResult();
        var results = await Task.WhenAll(sends);
        watch.Stop();
        foreach (var request in requests) request.Dispose();

        var counts = results.GroupBy(r => r.Item1 == 0 ? "no answer" : r.Item1.ToString(CultureInfo.InvariantCulture)).ToDictionary(g => g.Key, g => g.Count());
        var winners = results.Where(r => r.Item2 is not null).Select(r => r.Item2!.Value).ToArray();
        var booked = await Topology.ScalarAsync("""
            SELECT count(*) FROM "Appointments" WHERE "DoctorId" = @doctor AND "Start" = @start AND "Status" IN ('Requested', 'Confirmed')
            """, ("doctor", slot.DoctorId), ("start", slot.From.ToUniversalTime()));
        Figures.Print("a. race", $"{Contenders} concurrent bookings of doctor {slot.DoctorId}'s slot {slot.Start} in {watch.Elapsed.TotalSeconds:F2} s: {Figures.Counts(counts)}; " +
            $"appointments at that slot in the database: {booked}");

        Assert.Equal(1, counts.GetValueOrDefault("201"));
        Assert.Equal(Contenders - 1, counts.GetValueOrDefault("409"));
        Assert.Equal(0, results.Count(r => r.Item1 is 0 or >= 500));
        Assert.Equal(1, booked);
    }
}
