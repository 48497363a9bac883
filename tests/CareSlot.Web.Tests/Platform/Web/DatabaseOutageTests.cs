using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Web;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CareSlot.Web.Tests.Platform.Web;

/// <summary>The app on the shared PostgreSQL server, reached through a forwarder the test can take down like a restarting server.</summary>
public sealed class ForwardedPostgresApp(PostgresServer server) : CareSlotApp
{
    private TcpForwarder? forwarder;

    public TcpForwarder Forwarder => forwarder ?? throw new InvalidOperationException("The app has not started.");

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override async Task<Dictionary<string, string?>> DatabaseSettingsAsync()
    {
        var direct = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync());
        forwarder = new TcpForwarder(direct.Port);
        direct.Port = forwarder.Port;
        return new() { ["Database:Provider"] = "Postgres", ["ConnectionStrings:Postgres"] = direct.ConnectionString };
    }

    protected override void CleanUp()
    {
        NpgsqlConnection.ClearAllPools();
        forwarder?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

/// <summary>
/// While the database is away (a restart, a failover, a full pool) people and clients are told 503 with Retry-After, the
/// truth ("try again shortly"), never the 500 of a fault; and the app answers normally again as soon as it is back.
/// The 3-instance system test measures the same through a real PostgreSQL restart.
/// </summary>
public sealed class DatabaseOutageTests(ForwardedPostgresApp app) : IClassFixture<ForwardedPostgresApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WhileTheDatabaseIsDown_ApiAndPagesAnswer503WithRetryAfter_AndRecoverWhenItIsBack()
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        // A query nobody asked before, so no answer comes from the output cache.
        (await client.GetAsync("/api/v1/doctors?q=before", Ct)).EnsureSuccessStatusCode();

        app.Forwarder.Refusing = true;
        app.Forwarder.CutAll();
        try
        {
            using var api = await client.GetAsync("/api/v1/doctors?q=during", Ct);
            var problem = await api.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Contains("briefly unavailable", problem.Title, StringComparison.Ordinal);
            Assert.Equal(TimeSpan.FromSeconds(DatabaseUnavailableExceptionHandler.RetryAfterSeconds), api.Headers.RetryAfter?.Delta);

            using var page = await client.GetAsync("/doctors?q=during", Ct);
            var html = await page.Content.ReadAsStringAsync(Ct);
            Assert.True(page.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)page.StatusCode}: {html}");
            Assert.Contains("Briefly unavailable", html, StringComparison.Ordinal);
            Assert.Equal(TimeSpan.FromSeconds(DatabaseUnavailableExceptionHandler.RetryAfterSeconds), page.Headers.RetryAfter?.Delta);

            using var german = new HttpRequestMessage(HttpMethod.Get, "/api/v1/doctors?q=während");
            german.Headers.AcceptLanguage.ParseAdd("de");
            using var inGerman = await client.SendAsync(german, Ct);
            Assert.Contains("kurz nicht erreichbar", (await inGerman.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable)).Title, StringComparison.Ordinal);
        }
        finally
        {
            app.Forwarder.Refusing = false;
        }

        (await client.GetAsync("/api/v1/doctors?q=after", Ct)).EnsureSuccessStatusCode();
        (await client.GetAsync("/doctors?q=after", Ct)).EnsureSuccessStatusCode();

        // Counted where an operator watches, not in the problems table of the database that was away.
        var admin = await app.CreateApiUserAsync(Roles.Admin, multiFactor: true);
        var metrics = await admin.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative), Ct);
        var counted = Regex.Match(metrics, @"^careslot_requests_database_unavailable\S* (\d+)", RegexOptions.Multiline);
        Assert.True(counted.Success, "no careslot_requests_database_unavailable counter on /metrics");
        Assert.True(int.Parse(counted.Groups[1].Value, CultureInfo.InvariantCulture) >= 3, counted.Value);
    }

    [Fact]
    public async Task Transient_IsTheProvidersVerdict_WhereverEfCoreWrappedIt()
    {
        var refused = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));
        Assert.True(DatabaseUnavailableExceptionHandler.IsTransient(refused));
        Assert.True(DatabaseUnavailableExceptionHandler.IsTransient(new DbUpdateException("save", refused)));
        Assert.True(DatabaseUnavailableExceptionHandler.IsTransient(new InvalidOperationException("retry limit", new DbUpdateException("save", refused))));
        // What a restarting server says to the connections it drops, and to new ones while it starts.
        Assert.True(DatabaseUnavailableExceptionHandler.IsTransient(new PostgresException("terminating connection", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown)));
        Assert.True(DatabaseUnavailableExceptionHandler.IsTransient(new PostgresException("the database system is starting up", "FATAL", "FATAL", PostgresErrorCodes.CannotConnectNow)));
        // A standby-aware data source whose hosts are all down (each host's failure inside), then with its primary marked
        // offline (the message is Npgsql's, the exception made here).
        Assert.True(DatabaseUnavailableExceptionHandler.IsTransient(new DbUpdateException("save", await NoHostAnswersAsync())));
        Assert.True(DatabaseUnavailableExceptionHandler.IsTransient(new NpgsqlException("No suitable host was found.")));
        Assert.True(DatabaseUnavailableExceptionHandler.IsTransient(new SqliteException("database is locked", SQLitePCL.raw.SQLITE_BUSY)));

        Assert.False(DatabaseUnavailableExceptionHandler.IsTransient(new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)));
        Assert.False(DatabaseUnavailableExceptionHandler.IsTransient(new SqliteException("constraint failed", SQLitePCL.raw.SQLITE_CONSTRAINT)));
        Assert.False(DatabaseUnavailableExceptionHandler.IsTransient(new InvalidOperationException("a bug")));
        Assert.False(DatabaseUnavailableExceptionHandler.IsTransient(new AggregateException(refused, new InvalidOperationException("a bug"))));
        Assert.IsAssignableFrom<DbException>(refused);
    }

    /// <summary>What a multi-host data source throws when none of its hosts answers.</summary>
    private static async Task<NpgsqlException> NoHostAnswersAsync()
    {
        await using var down = new TcpForwarder(1) { Refusing = true };
        await using var source = new NpgsqlDataSourceBuilder($"Host=127.0.0.1:{down.Port};Username=nobody")
            .BuildMultiHost().WithTargetSession(TargetSessionAttributes.Primary);
        return await Assert.ThrowsAsync<NpgsqlException>(async () => await source.OpenConnectionAsync(Ct));
    }
}
