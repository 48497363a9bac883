using Microsoft.AspNetCore.OutputCaching;

namespace CareSlot.Web.Platform.ScaleOut;

/// <summary>
/// The Redis output cache store, with Redis down treated as an empty cache: a read is a miss, a write and an eviction are
/// skipped (the site answers from the database, no 500). Entries live seconds, so what an eviction missed during an
/// outage lapses by itself.
/// </summary>
public sealed class ResilientOutputCacheStore(IOutputCacheStore redis, RedisOutage outage) : IOutputCacheStore
{
    private const string Part = "output cache";

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var value = await redis.GetAsync(key, cancellationToken);
            outage.Succeeded();
            return value;
        }
        catch (Exception e) when (RedisOutage.IsRedisFailure(e))
        {
            outage.Failed(Part, e);
            return null;
        }
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        try
        {
            await redis.SetAsync(key, value, tags, validFor, cancellationToken);
            outage.Succeeded();
        }
        catch (Exception e) when (RedisOutage.IsRedisFailure(e))
        {
            outage.Failed(Part, e);
        }
    }

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        try
        {
            await redis.EvictByTagAsync(tag, cancellationToken);
            outage.Succeeded();
        }
        catch (Exception e) when (RedisOutage.IsRedisFailure(e))
        {
            outage.Failed(Part, e);
        }
    }
}
