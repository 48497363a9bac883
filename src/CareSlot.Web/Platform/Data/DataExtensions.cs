using System.Data.Common;
using CareSlot.Web.Platform.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace CareSlot.Web.Platform.Data;

public static class DataExtensions
{
    /// <summary>
    /// The context, with the <see cref="IInterceptor"/>s the features register (scoped ones are made per context, so they
    /// can take the scope's services through their constructors).
    /// </summary>
    public static IHostApplicationBuilder AddCareSlotData(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new();
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var path = Path.GetFullPath(options.SqlitePath, builder.Environment.ContentRootPath);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                builder.Services.AddDbContext<CareSlotDb, SqliteCareSlotDb>((services, db) => db.UseSqlite(
                    $"Data Source={path};Foreign Keys=True;Pooling=True").AddInterceptors(services.GetServices<IInterceptor>()));
                break;
            case DatabaseProvider.Postgres:
                var connectionString = builder.Configuration.GetConnectionString("Postgres");
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        "Database:Provider is Postgres but ConnectionStrings:Postgres is not set.");
                }
                connectionString = WithPoolDefaults(connectionString);
                var topology = PostgresTopology.From(connectionString);
                builder.Services.AddSingleton(topology);
                if (topology.HasStandby) AddPrimaryAndStandby(builder.Services, connectionString);
                else
                {
                    builder.Services.AddDbContext<CareSlotDb, PostgresCareSlotDb>((services, db) => db.UseNpgsql(connectionString, npgsql => npgsql.UseNodaTime())
                        .AddInterceptors(services.GetServices<IInterceptor>()));
                }
                builder.Services.AddHostedService<PostgresTransport.StartupWarning>();
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{options.Provider}'.");
        }

        builder.Services.AddScoped<StandbyReads>();
        builder.Services.AddSingleton<RecentWriters>();
        builder.Services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section);
        builder.Services.AddScoped<DemoSeed>();
        builder.Services.AddScoped<DatabaseInitializer>();
        return builder;
    }

    /// <summary>
    /// One <see cref="NpgsqlMultiHostDataSource"/> for every host the connection string names, so the hosts' pools and what
    /// Npgsql learns about each (primary, standby, down) are shared. Everything that writes, locks, listens or migrates is
    /// on its primary-only view; <see cref="ReadReplicaDb"/>, for the reads <see cref="StandbyReads"/> lets go to a standby,
    /// on its prefer-standby view, which falls back to the primary by itself while no standby answers.
    /// </summary>
    private static void AddPrimaryAndStandby(IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ =>
        {
            var hosts = new NpgsqlDataSourceBuilder(connectionString);
            hosts.UseNodaTime();
            return hosts.BuildMultiHost();
        });
        services.AddDbContext<CareSlotDb, PostgresCareSlotDb>((services, db) => db
            .UseNpgsql(services.GetRequiredService<NpgsqlMultiHostDataSource>().WithTargetSession(TargetSessionAttributes.Primary),
                npgsql => npgsql.UseNodaTime())
            .AddInterceptors(services.GetServices<IInterceptor>()));
        // No interceptors: they act on saving, which this context refuses. Its reads are safe to repeat, so a standby that
        // went away under a pooled connection costs a retry (on the primary, once Npgsql has marked the standby down), not an error.
        services.AddDbContext<ReadReplicaDb>((services, db) => db
            .UseNpgsql(services.GetRequiredService<NpgsqlMultiHostDataSource>().WithTargetSession(TargetSessionAttributes.PreferStandby),
                npgsql => npgsql.UseNodaTime().EnableRetryOnFailure(3, TimeSpan.FromMilliseconds(200), errorCodesToAdd: null))
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking));
        services.AddHealthChecks().AddCheck<StandbyCheck>("standby", HealthStatus.Degraded, [HealthExtensions.Ready]);
    }

    /// <summary>
    /// Two pool settings Npgsql leaves off, unless the connection string names them itself (then its value stands).
    /// The app runs a few dozen statements thousands of times a minute; prepared on each pooled connection after a few
    /// uses (Max Auto Prepare), PostgreSQL parses and plans them once instead of every time (what that is worth:
    /// docs/benchmarks.md). And the app sets nothing on a pooled connection's session (no SET, temporary tables or
    /// LISTEN: the one listener has its own, unpooled connection), so the reset Npgsql would otherwise send with the next
    /// use of every returned connection, four statements per request, is skipped (No Reset On Close).
    /// </summary>
    private static string WithPoolDefaults(string connectionString)
    {
        var named = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!named.ContainsKey("Max Auto Prepare")) builder.MaxAutoPrepare = 100;
        if (!named.ContainsKey("No Reset On Close")) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }
}

/// <summary>Lets `dotnet ef` build each provider's context without starting the app.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCareSlotDb>
{
    public SqliteCareSlotDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCareSlotDb>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCareSlotDb>
{
    public PostgresCareSlotDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCareSlotDb>().UseNpgsql("Host=localhost;Database=careslot", npgsql => npgsql.UseNodaTime()).Options);
}
