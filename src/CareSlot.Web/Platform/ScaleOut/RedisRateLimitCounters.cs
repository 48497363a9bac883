using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using CareSlot.Web.Platform.Security;
using RedisRateLimiting;

namespace CareSlot.Web.Platform.ScaleOut;

/// <summary>
/// The limits' counts in Redis (RedisRateLimiting's fixed window), so the limit holds across instances: ten sign-ins a
/// minute per IP means ten, not ten per instance. While Redis cannot answer, each partition counts in memory as without
/// Redis (still limited, per instance) and the outage is logged: never open, never a 500.
/// </summary>
public sealed class RedisRateLimitCounters(RedisConnection redis, RedisOutage outage) : IRateLimitCounters
{
    public RateLimiter FixedWindow(string limit, string partition, FixedWindowRateLimiterOptions window) =>
        new SharedFixedWindowLimiter(
            new RedisFixedWindowRateLimiter<string>(Key(limit, partition), new RedisFixedWindowRateLimiterOptions
            {
                ConnectionMultiplexerFactory = () => redis.Multiplexer,
                PermitLimit = window.PermitLimit,
                Window = window.Window,
            }),
            new FixedWindowRateLimiter(window),
            outage);

    /// <summary>Partitions are IPs and e-mail addresses: Redis holds only their hash, never the address itself.</summary>
    internal static string Key(string limit, string partition) =>
        $"{RedisOptions.Prefix}:rl:{limit}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(partition)))}";

    /// <summary>
    /// Redis's count first, this instance's when Redis fails. Only the asynchronous path counts: a shared count is a round
    /// trip, and the rate-limiting middleware (like <see cref="AccountRateLimiter"/>) falls back to it when an attempt
    /// is refused.
    /// </summary>
    private sealed class SharedFixedWindowLimiter(RateLimiter shared, RateLimiter local, RedisOutage outage) : RateLimiter
    {
        private static readonly RateLimitLease NotWithoutWaiting = new WindowLease(false, null);

        public override TimeSpan? IdleDuration => local.IdleDuration;

        public override RateLimiterStatistics? GetStatistics() => local.GetStatistics();

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => NotWithoutWaiting;

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            try
            {
                using var lease = await shared.AcquireAsync(permitCount, cancellationToken);
                outage.Succeeded();
                return new WindowLease(lease.IsAcquired, lease.IsAcquired ? null : RetryAfter(lease));
            }
            catch (Exception e) when (RedisOutage.IsRedisFailure(e))
            {
                outage.Failed("rate limits", e);
                return await local.AcquireAsync(permitCount, cancellationToken);
            }
        }

        /// <summary>RedisRateLimiting gives whole seconds as an int where the framework expects a TimeSpan.</summary>
        private static TimeSpan RetryAfter(RateLimitLease lease) =>
            TimeSpan.FromSeconds(Math.Max(1, lease.TryGetMetadata(MetadataName.RetryAfter.Name, out var raw) ? Convert.ToDouble(raw, System.Globalization.CultureInfo.InvariantCulture) : 1));

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                shared.Dispose();
                local.Dispose();
            }
            base.Dispose(disposing);
        }

        protected override async ValueTask DisposeAsyncCore()
        {
            await shared.DisposeAsync();
            await local.DisposeAsync();
            await base.DisposeAsyncCore();
        }
    }

    private sealed class WindowLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name ? wait : null;
            return metadata is not null;
        }
    }
}
