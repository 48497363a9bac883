using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CareSlot.Web.Platform.ScaleOut;

/// <summary>
/// The one multiplexer every Redis user here shares, connected on first use. Classes take this instead of
/// IConnectionMultiplexer in their constructors because EF's configuration scan (ApplyConfigurationsFromAssembly) reads
/// every constructor of the assembly: a Redis type there would load StackExchange.Redis even in an app without Redis.
/// </summary>
public sealed class RedisConnection(IOptions<RedisOptions> options)
{
    private readonly Lazy<IConnectionMultiplexer> multiplexer = new(() =>
        ConnectionMultiplexer.Connect(ScaleOutRegistration.ConnectionOptions(options.Value.Configuration!)));

    public IConnectionMultiplexer Multiplexer => multiplexer.Value;
}
