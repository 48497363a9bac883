using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CareSlot.Web.Platform.ScaleOut;

/// <summary>
/// "redis" in /health/ready: a PING on the connection for commands (cache, limits) and one on the connection for
/// subscriptions (the SignalR backplane), which reconnect each on their own. Without Redis the instance still serves (per-instance cache and limits, no
/// cross-instance push), so a failure is Degraded, which keeps it in the load balancer.
/// </summary>
public sealed class RedisHealthCheck(RedisConnection redis, RedisOutage outage) : IHealthCheck
{
    public const string Name = "redis";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var roundTrip = await redis.Multiplexer.GetDatabase().PingAsync().WaitAsync(Patience, cancellationToken);
            await redis.Multiplexer.GetSubscriber().PingAsync().WaitAsync(Patience, cancellationToken);
            outage.Succeeded();
            return HealthCheckResult.Healthy($"PING answered in {roundTrip.TotalMilliseconds:0.#} ms.");
        }
        catch (Exception e) when (RedisOutage.IsRedisFailure(e))
        {
            outage.Failed("readiness check", e);
            return new HealthCheckResult(context.Registration.FailureStatus,
                "Redis cannot be reached: the output cache and the rate limits are per instance, live updates stay on their instance.");
        }
    }
}
