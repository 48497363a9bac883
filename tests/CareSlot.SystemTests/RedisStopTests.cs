using System.Net;
using System.Text.Json;
using CareSlot.SystemTests.Infrastructure;

namespace CareSlot.SystemTests;

/// <summary>
/// (f) Redis stops: the site keeps booking (the output cache, rate limits and backplane fall back or wait), and every
/// instance's readiness says Degraded for its "redis" check instead of taking the instance out of the balancer.
/// Needs the Redis work of branch "scaleout" (the "redis" readiness check).
/// </summary>
[Collection(OneTopology.Name)]
public sealed class RedisStopTests
{
    [Fact]
    public async Task StoppingRedisLeavesTheSiteBookingWithDegradedReadiness()
    {
        using var site = Topology.SiteClient(connections: 32);
        var slots = await Slots.FreeAsync(site, 300, notBefore: TimeProvider.System.GetUtcNow().AddHours(2));
        var bookings = await PatientPool.AssignAsync(site, slots, 150);
        Topology.KillHard(Topology.PidOf("redis"));
        try
        {
            var load = new Load(site);
            await load.RunAsync(bookings, connections: 8, perSecond: 15, deadline: TimeSpan.FromMinutes(1), readers: 4, readSlots: slots);
            var (acknowledged, found) = await load.AcknowledgedInDatabaseAsync();
            var errors = load.Outcomes.Count(o => o.IsServerError);
            var readiness = new List<string>();
            for (var i = 0; i < Topology.AppPorts.Length; i++)
            {
                using var client = Topology.InstanceClient(i);
                using var response = await client.GetAsync("health/ready", TestContext.Current.CancellationToken);
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
                var redis = json.RootElement.GetProperty("checks").EnumerateArray()
                    .FirstOrDefault(c => c.GetProperty("name").GetString() == "redis");
                readiness.Add($"{(int)response.StatusCode}/{(redis.ValueKind == JsonValueKind.Undefined ? "no redis check" : redis.GetProperty("status").GetString())}");
            }
            Figures.Print("f. redis down", $"Redis killed; {load.Elapsed.TotalSeconds:F1} s of load: bookings {Figures.Counts(load.StatusCounts("book"))}, " +
                $"reads {Figures.Counts(load.StatusCounts("read"))}; 5xx/no answer: {errors}; acknowledged {acknowledged}, in the database {found}; " +
                $"readiness per instance (HTTP/redis check): {string.Join(", ", readiness)}");
            load.PrintSamples("f. redis down");
            Assert.Equal(0, errors);
            Assert.Equal(acknowledged, found);
            Assert.True(acknowledged > 0);
            Assert.All(readiness, r => Assert.Equal($"{(int)HttpStatusCode.OK}/Degraded", r));
        }
        finally
        {
            await Topology.UpAsync();
            Figures.Print("f. redis down", "Redis started again by ops/topology.sh up");
        }
    }
}
