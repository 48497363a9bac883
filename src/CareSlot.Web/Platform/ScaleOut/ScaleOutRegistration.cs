using System.Runtime.CompilerServices;
using CareSlot.Web.Platform.Observability;
using CareSlot.Web.Platform.Security;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.OutputCaching.StackExchangeRedis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using BackplaneOptions = Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisOptions;

namespace CareSlot.Web.Platform.ScaleOut;

/// <summary>
/// What N instances share through Redis when <c>Redis:Configuration</c> is set: SignalR's backplane for both hubs, the
/// output cache (so a directory eviction on one instance clears it for all), the counts of the rate limits, and a
/// "redis" readiness check. One multiplexer serves them all. Without the setting nothing here is registered and no
/// Redis type is loaded: one instance behaves exactly as before.
/// </summary>
public static class ScaleOutRegistration
{
    public static IHostApplicationBuilder AddScaleOut(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (RedisOptions.IsConfigured(builder.Configuration)) AddRedis(builder.Services);
        return builder;
    }

    /// <summary>A method of its own so the runtime loads the Redis assemblies only when it runs.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddRedis(IServiceCollection services)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section);
        services.AddSingleton<RedisOutage>();
        services.AddSingleton<RedisConnection>();
        services.AddSingleton(provider => provider.GetRequiredService<RedisConnection>().Multiplexer);

        // The features each call AddSignalR(); this is the one place that puts Redis under every hub. The channel prefix
        // is the shared multiplexer's (ConnectionOptions): SignalR's own Configuration only applies to a connection it makes.
        services.AddSignalR().AddStackExchangeRedis();
        services.AddOptions<BackplaneOptions>().Configure<IServiceProvider>((backplane, provider) =>
            backplane.ConnectionFactory = _ => Task.FromResult(provider.GetRequiredService<RedisConnection>().Multiplexer));
        services.AddSingleton(typeof(RedisHubLifetimeManager<>));
        services.AddSingleton(typeof(HubLifetimeManager<>), typeof(ResilientHubLifetimeManager<>));

        services.AddStackExchangeRedisOutputCache(cache => cache.InstanceName = RedisOptions.Prefix + ":oc:");
        services.AddOptions<RedisOutputCacheOptions>().Configure<IServiceProvider>((cache, provider) =>
            cache.ConnectionMultiplexerFactory = () => Task.FromResult(provider.GetRequiredService<RedisConnection>().Multiplexer));
        WrapOutputCacheStore(services);

        services.AddSingleton<IRateLimitCounters, RedisRateLimitCounters>();

        services.AddHealthChecks().AddCheck<RedisHealthCheck>(RedisHealthCheck.Name, HealthStatus.Degraded, [HealthExtensions.Ready]);
    }

    /// <summary>
    /// The app starts and keeps running while Redis is down (no abort on a failed first connect), and a command while the
    /// connection is down fails at once instead of waiting in a backlog: a request must not hang for seconds on a cache
    /// that is not there. Reconnection is tried at growing intervals up to 5 s, so a restarted Redis is used again within
    /// seconds, and the backplane's own log line for each failed attempt comes at most every 5 s.
    /// </summary>
    internal static ConfigurationOptions ConnectionOptions(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new ExponentialRetry(500, 5000);
        options.ClientName ??= RedisOptions.Prefix;
        // Pub/sub only (the backplane's channels); keys carry their own prefix.
        options.ChannelPrefix = RedisChannel.Literal(RedisOptions.Prefix);
        return options;
    }

    /// <summary>
    /// AddStackExchangeRedisOutputCache registers its (internal) store as IOutputCacheStore; this puts
    /// <see cref="ResilientOutputCacheStore"/> in front of it.
    /// </summary>
    private static void WrapOutputCacheStore(IServiceCollection services)
    {
        var redisStore = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        services.Remove(redisStore);
        services.AddSingleton<IOutputCacheStore>(provider => new ResilientOutputCacheStore(Create(provider, redisStore), provider.GetRequiredService<RedisOutage>()));
    }

    private static IOutputCacheStore Create(IServiceProvider provider, ServiceDescriptor descriptor) => (IOutputCacheStore)(
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(provider)
        ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));
}
