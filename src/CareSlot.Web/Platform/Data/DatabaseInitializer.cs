using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Platform.Data;

public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Creates the fictional demo clinics and doctors; on by default in Development only.</summary>
    public bool Demo { get; set; }
}

/// <summary>Applies migrations and the demo seed before the app serves its first request.</summary>
public sealed partial class DatabaseInitializer(CareSlotDb db, DemoSeed demoSeed, IOptions<DatabaseOptions> database,
    IOptions<SeedOptions> seed, ILogger<DatabaseInitializer> logger)
{
    public async Task MigrateAsync(CancellationToken ct)
    {
        LogMigrating(database.Value.Provider);
        await db.Database.MigrateAsync(ct);
    }

    public async Task InitializeAsync(CancellationToken ct)
    {
        if (database.Value.MigrateOnStartup) await MigrateAsync(ct);
        if (seed.Value.Demo) await demoSeed.ApplyAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bringing the {Provider} database up to date")]
    private partial void LogMigrating(DatabaseProvider provider);
}

public static class DatabaseInitializerExtensions
{
    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
    }
}
