using System.Net;
using System.Net.Http.Json;
using CareSlot.Web.Features.Messaging;
using CareSlot.Web.Platform.Observability;
using CareSlot.Web.Platform.ScaleOut;
using CareSlot.Web.Platform.Security;
using CareSlot.Web.Tests.Features.Messaging;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CareSlot.Web.Tests.Platform.ScaleOut;

/// <summary>Without Redis:Configuration the app is wired exactly as one instance was before Redis existed.</summary>
public sealed class WithoutRedisTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public void NoRedisSetting_RegistersNothingOfRedis()
    {
        var services = app.Services;

        Assert.Null(services.GetService<IConnectionMultiplexer>());
        Assert.IsType<InMemoryRateLimitCounters>(services.GetRequiredService<IRateLimitCounters>());
        Assert.IsNotType<ResilientOutputCacheStore>(services.GetRequiredService<IOutputCacheStore>());
        Assert.IsType<DefaultHubLifetimeManager<MessagesHub>>(services.GetRequiredService<HubLifetimeManager<MessagesHub>>());
        Assert.DoesNotContain(services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations, r => r.Name == RedisHealthCheck.Name);
    }

    /// <summary>
    /// As its own process, since this test process has loaded Redis for other tests: without the setting the app never
    /// loads StackExchange.Redis (EF's configuration scan reads every constructor, so none may name a Redis type); with
    /// it, and Redis not there, the app still starts.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AppProcess_LoadsRedis_OnlyWhenConfigured(bool configured)
    {
        var settings = new Dictionary<string, string?>(app.DatabaseSettings) { ["Seed:Demo"] = "false", ["Directory:AvailabilityRefreshSeconds"] = "0" };
        if (configured) settings["Redis:Configuration"] = $"127.0.0.1:{SmtpSink.FreePort()}";
        await using var process = await AppProcess.StartAsync(settings);
        using var http = new HttpClient { BaseAddress = process.BaseAddress };
        foreach (var path in new[] { "/api/v1/doctors", "/account/sign-in", "/" })
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        }

        var mapped = await File.ReadAllTextAsync($"/proc/{process.ProcessId}/maps", TestContext.Current.CancellationToken);
        Assert.Equal(configured, mapped.Contains("StackExchange.Redis.dll", StringComparison.Ordinal));
    }
}

/// <summary>Redis configured but not there when the instance starts (its server is started by the test, later).</summary>
public sealed class RedisAbsentAtStartSqliteApp : SqliteApp
{
    public RedisServer Redis { get; } = new();

    protected override Dictionary<string, string?> ExtraSettings => new(base.ExtraSettings)
    {
        ["Redis:Configuration"] = Redis.Configuration,
    };

    protected override void CleanUp()
    {
        base.CleanUp();
        Redis.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

public sealed class RedisAbsentAtStartTests(RedisAbsentAtStartSqliteApp app) : IClassFixture<RedisAbsentAtStartSqliteApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RedisDownAtStart_AppServesAndIsDegraded_ThenRedisStarts_AndLiveUpdatesFlowThroughIt()
    {
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/doctors", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal("Degraded", await ScaleOutTests.RedisCheckAsync(app));
        Assert.IsType<ResilientOutputCacheStore>(app.Services.GetRequiredService<IOutputCacheStore>());
        Assert.IsType<ResilientHubLifetimeManager<MessagesHub>>(app.Services.GetRequiredService<HubLifetimeManager<MessagesHub>>());
        // The backplane's first use (a page connecting, a message pushed) falls in the outage: the message is kept, its push is lost.
        var care = await app.CreateCareAsync();
        var conversation = await care.StartOkAsync();
        var early = System.Threading.Channels.Channel.CreateUnbounded<string>();
        await using var pageInTheOutage = await ScaleOutTests.ConnectToMessagesAsync(app, care.Patient);
        pageInTheOutage.On<string>(MessagesHub.ChangedMethod, id => early.Writer.TryWrite(id));
        Assert.True(await pageInTheOutage.InvokeAsync<bool>("Join", conversation.Id, Ct));
        await care.DoctorUser.SendOkAsync(conversation.Id, "Sent while Redis is down.");

        await app.Redis.StartAsync();
        await ScaleOutTests.WaitForRedisCheckAsync(app, "Healthy");

        var changes = System.Threading.Channels.Channel.CreateUnbounded<string>();
        await using var page = await ScaleOutTests.ConnectToMessagesAsync(app, care.Patient);
        page.On<string>(MessagesHub.ChangedMethod, id => changes.Writer.TryWrite(id));
        Assert.True(await page.InvokeAsync<bool>("Join", conversation.Id, Ct));
        await care.DoctorUser.SendOkAsync(conversation.Id, "Your results are in.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        Assert.Equal(conversation.Id.ToString(), await changes.Reader.ReadAsync(timeout.Token));
    }
}

public sealed class RedisOutageTests
{
    private sealed class Recorder : ILogger<RedisOutage>
    {
        public List<(LogLevel Level, string Message)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((logLevel, formatter(state, exception)));
    }

    [Fact]
    public void ManyFailures_AreLoggedOncePerOutage_WithoutTheKey()
    {
        var log = new Recorder();
        var outage = new RedisOutage(log);
        var failure = new RedisConnectionException(ConnectionFailureType.SocketClosed, CommandFlags.None, "GET careslot:oc:/API/V1/DOCTORS?Q=Secret", null, CommandStatus.Sent);

        outage.Succeeded();
        for (var i = 0; i < 50; i++) outage.Failed("output cache", failure);
        Assert.True(outage.IsDown);
        for (var i = 0; i < 50; i++) outage.Succeeded();
        outage.Failed("rate limits", new RedisTimeoutException(CommandFlags.None, "timeout", CommandStatus.Sent));

        Assert.Equal([LogLevel.Warning, LogLevel.Information, LogLevel.Warning], log.Lines.Select(l => l.Level));
        Assert.Contains("SocketClosed", log.Lines[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Lines, l => l.Message.Contains("Secret", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("127.0.0.1:6379")]
    [InlineData("127.0.0.1:6379,abortConnect=true")]
    public void ConnectionOptions_NeverAbortOnAFailedConnect_AndFailFast(string configuration)
    {
        var options = ScaleOutRegistration.ConnectionOptions(configuration);

        Assert.False(options.AbortOnConnectFail);
        Assert.Same(BacklogPolicy.FailFast, options.BacklogPolicy);
        Assert.Equal("careslot", options.ChannelPrefix.ToString());
    }

    [Fact]
    public void IsRedisFailure_IsNotEveryException()
    {
        Assert.True(RedisOutage.IsRedisFailure(new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "down", null, CommandStatus.Unknown)));
        Assert.True(RedisOutage.IsRedisFailure(new TimeoutException()));
        Assert.False(RedisOutage.IsRedisFailure(new InvalidOperationException()));
        Assert.False(RedisOutage.IsRedisFailure(new OperationCanceledException()));
    }
}
