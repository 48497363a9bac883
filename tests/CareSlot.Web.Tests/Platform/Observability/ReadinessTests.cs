using System.Net;
using System.Text.Json;
using CareSlot.Web.Tests.Infrastructure;

namespace CareSlot.Web.Tests.Platform.Observability;

/// <summary>The app sending e-mail to a real SMTP sink, and text messages to a gateway address where nothing listens.</summary>
internal static class UnreachableSmsGateway
{
    public static Dictionary<string, string?> With(Dictionary<string, string?> settings)
    {
        // Port 9 (discard) on loopback: nothing listens here, so the connection is refused at once.
        settings["Sms:Gateway:BaseUrl"] = "http://127.0.0.1:9/2010-04-01";
        settings["Sms:Gateway:AccountId"] = "AC-readiness";
        settings["Sms:Gateway:AuthToken"] = "token";
        settings["Sms:Gateway:From"] = "+15005550006";
        return settings;
    }
}

public sealed class ReadinessSqliteApp : SqliteApp
{
    public SmtpSink Smtp { get; } = new();

    protected override async Task<Dictionary<string, string?>> DatabaseSettingsAsync() =>
        UnreachableSmsGateway.With(await Smtp.StartForAsync(await base.DatabaseSettingsAsync()));

    protected override void CleanUp()
    {
        base.CleanUp();
        Smtp.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

public sealed class ReadinessPostgresApp(PostgresServer server) : PostgresApp(server)
{
    public SmtpSink Smtp { get; } = new();

    protected override async Task<Dictionary<string, string?>> DatabaseSettingsAsync() =>
        UnreachableSmsGateway.With(await Smtp.StartForAsync(await base.DatabaseSettingsAsync()));

    protected override void CleanUp()
    {
        base.CleanUp();
        Smtp.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

public sealed class ReadinessTestsOnSqlite(ReadinessSqliteApp app) : ReadinessTests(app, app.Smtp), IClassFixture<ReadinessSqliteApp>;

public sealed class ReadinessTestsOnPostgres(ReadinessPostgresApp app) : ReadinessTests(app, app.Smtp), IClassFixture<ReadinessPostgresApp>;

/// <summary>/health/ready: messaging that fails makes the instance Degraded (200, it still serves), never Unhealthy.</summary>
public abstract class ReadinessTests(CareSlotApp app, SmtpSink smtp)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpStatusCode Status, string Overall, Dictionary<string, string> Checks)> ReadyAsync()
    {
        var response = await app.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative), Ct);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var checks = body.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString()!);
        return (response.StatusCode, body.RootElement.GetProperty("status").GetString()!, checks);
    }

    [Fact]
    public async Task Ready_SmtpStoppedThenStarted_IsDegradedThenSmtpHealthyAgain_AndAlways200()
    {
        var (status, overall, checks) = await ReadyAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", overall);
        Assert.Equal("Healthy", checks["database"]);
        Assert.Equal("Healthy", checks["migrations"]);
        Assert.Equal("Healthy", checks["smtp"]);
        Assert.Equal("Degraded", checks["sms-gateway"]);

        await smtp.StopAsync();
        try
        {
            (status, overall, checks) = await ReadyAsync();
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("Degraded", overall);
            Assert.Equal("Degraded", checks["smtp"]);
            Assert.Equal("Healthy", checks["database"]);
        }
        finally
        {
            await smtp.StartAsync();
        }

        (status, _, checks) = await ReadyAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", checks["smtp"]);
    }
}
