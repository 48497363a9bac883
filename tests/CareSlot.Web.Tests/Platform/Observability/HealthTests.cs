using System.Net;
using System.Text.Json;
using CareSlot.Web.Tests.Infrastructure;

namespace CareSlot.Web.Tests.Platform.Observability;

public sealed class HealthTestsOnSqlite(SqliteApp app) : HealthTests(app), IClassFixture<SqliteApp>;

public sealed class HealthTestsOnPostgres(PostgresApp app) : HealthTests(app), IClassFixture<PostgresApp>;

public abstract class HealthTests(CareSlotApp app)
{
    [Fact]
    public async Task Live_MigratedDatabase_IsHealthy()
    {
        var response = await app.CreateClient().GetAsync(new Uri("/health/live", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>
    /// Without SMTP or an SMS gateway configured (the development mailbox), the database's checks run, and the backups'
    /// (healthy: test apps run without a schedule).
    /// </summary>
    [Fact]
    public async Task Ready_MigratedDatabase_IsHealthy_ListingEachCheck()
    {
        var response = await app.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(["backups", "database", "migrations"], body.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Order());
    }
}

/// <summary>An instance started without migrating (operators who run `migrate` by hand) is alive but not ready.</summary>
public sealed class UnmigratedSqliteApp : SqliteApp
{
    protected override Dictionary<string, string?> ExtraSettings => new()
    {
        ["Database:MigrateOnStartup"] = "false",
        ["Logging:LogLevel:Default"] = "Critical",
    };
}

public sealed class UnmigratedHealthTests(UnmigratedSqliteApp app) : IClassFixture<UnmigratedSqliteApp>
{
    [Fact]
    public async Task Ready_PendingMigrations_Answers503WhileLiveAnswers200()
    {
        var client = app.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/live", UriKind.Relative), ct)).StatusCode);
    }
}
