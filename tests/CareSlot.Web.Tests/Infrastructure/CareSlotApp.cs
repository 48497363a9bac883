using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Encryption;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CareSlot.Web.Tests.Infrastructure;

/// <summary>
/// The real app in memory on its own fresh database, seeded with the demo directory.
/// The same test classes run against <see cref="SqliteApp"/> and <see cref="PostgresApp"/>.
/// </summary>
public abstract class CareSlotApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>
    /// Hosts watch their settings files and static assets; through inotify each watcher costs one of the 128 instances a
    /// user may hold (Debian's default), which the suite's many hosts ran out of. Polling costs none (test.sh sets it too).
    /// </summary>
    static CareSlotApp() => Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");

    public abstract DatabaseProvider Provider { get; }

    /// <summary>"Now" for this app; tests move it forward instead of waiting.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    /// <summary>
    /// The app's <c>Site:PublicOrigin</c>. Not the test client's host (localhost), so a link built from the request
    /// instead of the setting shows.
    /// </summary>
    public const string PublicOrigin = "https://book.careslot.test";

    /// <summary>What this app's <c>Site:PublicOrigin</c> is set to; null leaves it to the environment's appsettings.</summary>
    protected virtual string? PublicOriginSetting => PublicOrigin;

    /// <summary>Where this app's development mailbox writes every email and SMS.</summary>
    public string MailboxPath { get; } = Path.Combine(Path.GetTempPath(), $"careslot-mailbox-{Guid.NewGuid():N}");

    /// <summary>Settings this app runs with, on top of appsettings.json.</summary>
    protected abstract Task<Dictionary<string, string?>> DatabaseSettingsAsync();

    private Dictionary<string, string?> settings = [];

    /// <summary>The database settings in force and the key ring, so a second instance can share the database and read what this one sealed.</summary>
    public IReadOnlyDictionary<string, string?> DatabaseSettings { get; private set; } = new Dictionary<string, string?>();

    /// <summary>The id of the key every test app is given (its content is new for each app).</summary>
    public const string TestKeyId = "t1";

    /// <summary>
    /// The keys for health information this app runs with: its own random <see cref="TestKeyId"/> unless the database
    /// settings already bring keys (a second instance has the first one's). Never a development key in the source tree.
    /// </summary>
    protected virtual Dictionary<string, string?> KeySettings => new()
    {
        [PhiKeysOptions.VariablePrefix + TestKeyId] = PhiKeyRing.NewKeyText(),
        // An empty folder of its own: in Development the app would otherwise also read the development key that running
        // the site leaves in the source tree, and refuse a ring of two keys with none named current.
        [$"{PhiKeysOptions.Section}:{nameof(PhiKeysOptions.Folder)}"] = Directory.CreateDirectory(KeyFolder).FullName,
    };

    /// <summary>This app's own (empty) key folder.</summary>
    private string KeyFolder { get; } = Path.Combine(Path.GetTempPath(), $"careslot-keys-{Guid.NewGuid():N}");

    protected virtual Dictionary<string, string?> ExtraSettings => new()
    {
        ["Seed:Demo"] = "true",
        // Every request of a test host comes from the same (absent) address; limits get their own tests.
        ["RateLimiting:Enabled"] = "false",
        // The directory's availability refresher would run on timers of the fake clock; tests refresh explicitly.
        ["Directory:AvailabilityRefreshSeconds"] = "0",
        // Search answers kept for seconds of wall-clock time would hide what a test just wrote; DirectoryCacheTests turn it on.
        ["Directory:SearchCacheSeconds"] = "0",
        // Likewise the outbox: tests dispatch explicitly (OutboxTestKit.DispatchAsync).
        ["Notifications:DispatchIntervalMilliseconds"] = "0",
        // Likewise the sweep of expired idempotency keys (IdempotencyKeyTests call it).
        ["Idempotency:SweepIntervalMinutes"] = "0",
        // Backups by the clock would run whenever a test moves it past 02:00; BackupScheduleTests turn the schedule on.
        ["Backup:Schedule"] = "",
        // Likewise the retention job (RetentionTests run it): moving the clock years ahead must not purge behind a test's back.
        ["Retention:RunIntervalHours"] = "0",
        // Likewise open erasures: a test that closes a ticket or moves the clock must not have an erasure carried out behind its back.
        ["Privacy:ResumeErasuresMinutes"] = "0",
        ["Logging:LogLevel:Default"] = "Warning",
        // EF logs an error while it creates the history table of an empty database; it is expected here.
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Critical",
    };

    public async ValueTask InitializeAsync()
    {
        settings = await DatabaseSettingsAsync();
        if (!settings.Keys.Any(k => k.StartsWith(PhiKeysOptions.VariablePrefix, StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var (key, value) in KeySettings) settings[key] = value;
        }
        DatabaseSettings = new Dictionary<string, string?>(settings);
        settings["Mailbox:Path"] = MailboxPath;
        if (PublicOriginSetting is { } origin) settings["Site:PublicOrigin"] = origin;
        foreach (var (key, value) in ExtraSettings) settings[key] = value;
        _ = Services; // start the host now: migrations and the seed run once per fixture, not inside a test
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    /// <summary>A scope for arranging or inspecting data directly.</summary>
    public async Task<T> WithDbAsync<T>(Func<CareSlotDb, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<CareSlotDb>());
    }

    /// <summary>Removes what the database left behind, after the host has stopped.</summary>
    protected virtual void CleanUp()
    {
    }

    public sealed override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        CleanUp();
        if (Directory.Exists(MailboxPath)) Directory.Delete(MailboxPath, recursive: true);
        if (Directory.Exists(KeyFolder)) Directory.Delete(KeyFolder, recursive: true);
        GC.SuppressFinalize(this);
    }
}

public class SqliteApp : CareSlotApp
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"careslot-test-{Guid.NewGuid():N}");

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<Dictionary<string, string?>> DatabaseSettingsAsync() =>
        Task.FromResult(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:SqlitePath"] = Path.Combine(directory, "careslot.db"),
        });

    protected override void CleanUp()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}

public class PostgresApp(PostgresServer server) : CareSlotApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override async Task<Dictionary<string, string?>> DatabaseSettingsAsync() =>
        new()
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = await server.CreateDatabaseAsync(),
        };
}

/// <summary>The app behind real Kestrel on a free loopback port, for what only a real server adds to a response; on SQLite.</summary>
public sealed class SqliteKestrelApp : SqliteApp
{
    public SqliteKestrelApp() => UseKestrel(0);
}

/// <summary>The app behind real Kestrel on a free loopback port, on PostgreSQL.</summary>
public sealed class PostgresKestrelApp : PostgresApp
{
    public PostgresKestrelApp(PostgresServer server) : base(server) => UseKestrel(0);
}

/// <summary>The app sending e-mail to a real SMTP server (aiosmtpd) that the test reads, on SQLite.</summary>
public sealed class SqliteAppWithSmtp : SqliteApp
{
    public SmtpSink Smtp { get; } = new();

    protected override async Task<Dictionary<string, string?>> DatabaseSettingsAsync() =>
        await Smtp.StartForAsync(await base.DatabaseSettingsAsync());

    protected override void CleanUp()
    {
        base.CleanUp();
        Smtp.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

/// <summary>The app sending e-mail to a real SMTP server (aiosmtpd) that the test reads, on PostgreSQL.</summary>
public sealed class PostgresAppWithSmtp(PostgresServer server) : PostgresApp(server)
{
    public SmtpSink Smtp { get; } = new();

    protected override async Task<Dictionary<string, string?>> DatabaseSettingsAsync() =>
        await Smtp.StartForAsync(await base.DatabaseSettingsAsync());

    protected override void CleanUp()
    {
        base.CleanUp();
        Smtp.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

/// <summary>The app with a real SMTP server for what it sends and a real IMAP server (Dovecot) as its support mailbox, on SQLite.</summary>
public sealed class SqliteAppWithMailboxes : SqliteApp
{
    public SmtpSink Smtp { get; } = new();

    public ImapServer Imap { get; } = new();

    protected override async Task<Dictionary<string, string?>> DatabaseSettingsAsync() =>
        await Imap.StartForAsync(await Smtp.StartForAsync(await base.DatabaseSettingsAsync()));

    protected override void CleanUp()
    {
        base.CleanUp();
        Smtp.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Imap.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

/// <summary>The same on PostgreSQL.</summary>
public sealed class PostgresAppWithMailboxes(PostgresServer server) : PostgresApp(server)
{
    public SmtpSink Smtp { get; } = new();

    public ImapServer Imap { get; } = new();

    protected override async Task<Dictionary<string, string?>> DatabaseSettingsAsync() =>
        await Imap.StartForAsync(await Smtp.StartForAsync(await base.DatabaseSettingsAsync()));

    protected override void CleanUp()
    {
        base.CleanUp();
        Smtp.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Imap.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

/// <summary>The app as a developer runs it: Development-only pages and demo accounts exist.</summary>
public sealed class DevelopmentApp : SqliteApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Development");
    }
}

/// <summary>Another instance of the app on the same database as <paramref name="first"/>, as behind a load balancer.</summary>
public sealed class SecondInstanceApp(CareSlotApp first) : CareSlotApp
{
    public override DatabaseProvider Provider => first.Provider;

    protected override Task<Dictionary<string, string?>> DatabaseSettingsAsync() =>
        Task.FromResult(new Dictionary<string, string?>(first.DatabaseSettings));
}
