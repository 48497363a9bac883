using System.Threading.RateLimiting;

namespace CareSlot.Web.Platform.Security;

/// <summary>
/// Where the fixed-window counts of the limits live. By default in this instance's memory, so N instances allow N times
/// the limit; Platform/ScaleOut replaces it with counts in Redis (one count for all instances) when Redis is configured.
/// </summary>
public interface IRateLimitCounters
{
    /// <summary>
    /// The limiter for one partition (a client IP, an address) of the limit called <paramref name="limit"/>; its options
    /// are those of the in-memory window, which a shared store also falls back to.
    /// </summary>
    RateLimiter FixedWindow(string limit, string partition, FixedWindowRateLimiterOptions window);
}

/// <summary>Counts in this instance's memory: one instance's behaviour, and every instance's without Redis.</summary>
public sealed class InMemoryRateLimitCounters : IRateLimitCounters
{
    public RateLimiter FixedWindow(string limit, string partition, FixedWindowRateLimiterOptions window) => new FixedWindowRateLimiter(window);
}
