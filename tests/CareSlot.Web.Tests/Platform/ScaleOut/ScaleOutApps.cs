using System.Net;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Platform.ScaleOut;

/// <summary>
/// Two instances of the app on one database and one Redis, as behind a load balancer: the directory cache on, and small
/// rate limits (the tests send their counted requests from addresses of their own, so no test uses up another's).
/// </summary>
public abstract class TwoInstancesWithRedis : IAsyncLifetime
{
    public const int PerIpLimit = 6;
    public const int PerAddressLimit = 3;

    public RedisServer Redis { get; } = new();

    public CareSlotApp A { get; private set; } = null!;

    public CareSlotApp B { get; private set; } = null!;

    internal static Dictionary<string, string?> Settings(RedisServer redis, Dictionary<string, string?> settings) => new(settings)
    {
        ["Redis:Configuration"] = redis.Configuration,
        [DirectoryCache.SecondsSetting] = "3600",
        ["RateLimiting:Enabled"] = "true",
        ["RateLimiting:AccountPermitLimit"] = PerIpLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimiting:AccountWindowSeconds"] = "600",
        ["RateLimiting:PerAccountPermitLimit"] = PerAddressLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimiting:PerAccountWindowSeconds"] = "900",
    };

    /// <summary>
    /// The test server has no client address; a request with this header comes from the address it names, so each
    /// test counts on a partition of its own. Only these test hosts read it.
    /// </summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    internal static void UseClientAddressHeader(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter, ClientAddressFromHeader>());

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[ClientAddressHeader].ToString(), out var address)) context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    protected abstract CareSlotApp First();

    public async ValueTask InitializeAsync()
    {
        await Redis.StartAsync();
        A = First();
        await A.InitializeAsync();
        B = new SecondInstanceWithRedis(A, Redis);
        await B.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (B is not null) await B.DisposeAsync();
        if (A is not null) await A.DisposeAsync();
        await Redis.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private sealed class SecondInstanceWithRedis(CareSlotApp first, RedisServer redis) : CareSlotApp
    {
        public override DatabaseProvider Provider => first.Provider;

        protected override Task<Dictionary<string, string?>> DatabaseSettingsAsync() => Task.FromResult(new Dictionary<string, string?>(first.DatabaseSettings));

        protected override Dictionary<string, string?> ExtraSettings => Settings(redis, base.ExtraSettings);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            UseClientAddressHeader(builder);
        }
    }
}

public sealed class TwoInstancesWithRedisOnSqlite : TwoInstancesWithRedis
{
    protected override CareSlotApp First() => new FirstOnSqlite(Redis);

    private sealed class FirstOnSqlite(RedisServer redis) : SqliteApp
    {
        protected override Dictionary<string, string?> ExtraSettings => Settings(redis, base.ExtraSettings);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            UseClientAddressHeader(builder);
        }
    }
}

public sealed class TwoInstancesWithRedisOnPostgres(PostgresServer server) : TwoInstancesWithRedis
{
    protected override CareSlotApp First() => new FirstOnPostgres(server, Redis);

    private sealed class FirstOnPostgres(PostgresServer server, RedisServer redis) : PostgresApp(server)
    {
        protected override Dictionary<string, string?> ExtraSettings => Settings(redis, base.ExtraSettings);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            UseClientAddressHeader(builder);
        }
    }
}
