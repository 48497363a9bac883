using System.Net;
using System.Text.Json.Nodes;
using CareSlot.Web.Platform.Observability;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Features.Admin;

/// <summary>
/// Endpoints that exist only in this test host and throw, carrying personal data in the exception's message as a careless
/// library might: the app must record the kind, never that message, the query or the body.
/// </summary>
internal sealed class FaultyEndpoints : IStartupFilter
{
    public const string Secret = "Patient Jane Roe, diagnosis: migraine";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        // The route table Program's UseRouting() set up, so these endpoints run inside the app's error handling like its own.
        var routes = app.Properties.TryGetValue("__EndpointRouteBuilder", out var builder) && builder is IEndpointRouteBuilder found
            ? found
            : throw new InvalidOperationException("The app no longer calls UseRouting() itself; find its endpoint route builder another way.");
        routes.MapGet("/test-faults/page/{id}", (string id) => Throw(id));
        routes.MapPost("/api/v1/test-faults/{id}", (string id) => Throw(id));
    };

    private static IResult Throw(string id) => throw new InvalidOperationException($"{Secret} ({id})");
}

public sealed class SqliteAppWithFaults : SqliteApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter, FaultyEndpoints>());
    }
}

public sealed class PostgresAppWithFaults(PostgresServer server) : PostgresApp(server)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter, FaultyEndpoints>());
    }
}

public sealed class ProblemsTestsOnSqlite(SqliteAppWithFaults app) : ProblemsTests(app), IClassFixture<SqliteAppWithFaults>;

public sealed class ProblemsTestsOnPostgres(PostgresAppWithFaults app) : ProblemsTests(app), IClassFixture<PostgresAppWithFaults>;

/// <summary>
/// The technical problems page: an unhandled error's correlation id, as the user read it on the error page or as an API
/// caller's traceId, finds its entry; errors are grouped by exception and route; no personal data is kept.
/// </summary>
public abstract class ProblemsTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Uri Url(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task ErrorPageId_FindsTheEntryOnTheProblemsPage_WithoutPersonalData()
    {
        var user = app.CreateBrowserClient();
        var marker = Guid.NewGuid().ToString("N");

        var failed = await user.GetAsync(Url($"/test-faults/page/{marker}?name=Jane%20Roe"), Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        var errorPage = await failed.ReadHtmlAsync();
        var id = errorPage.QuerySelector("main code, main .request-id, main [translate=no]")?.TextContent.Trim();
        Assert.False(string.IsNullOrEmpty(id), errorPage.QuerySelector("main")?.InnerHtml);
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var found = await (await admin.Browser.GetAsync(Url("/admin/problems?id=" + Uri.EscapeDataString(id)), Ct)).ReadHtmlAsync();
        var entry = found.QuerySelector(".problem-found")?.TextContent ?? "";
        Assert.Contains("GET /test-faults/page/{id}", entry, StringComparison.Ordinal);
        Assert.Contains("System.InvalidOperationException", entry, StringComparison.Ordinal);
        Assert.Contains("FaultyEndpoints.Throw", entry, StringComparison.Ordinal);

        var stored = await app.WithDbAsync(db => db.TechnicalProblems.SingleAsync(p => p.CorrelationId == id, Ct));
        var everything = string.Join('\n', stored.Source, stored.ExceptionType, stored.Summary, stored.StackTop, stored.CorrelationId);
        Assert.DoesNotContain("Jane", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("migraine", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiTraceId_IsTheCorrelationIdOfItsEntry_AndErrorsAreGroupedByExceptionAndRoute()
    {
        var caller = app.CreateClient();
        var traceIds = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var body = new StringContent("{\"diagnosis\":\"migraine\"}", System.Text.Encoding.UTF8, "application/json");
            var response = await caller.PostAsync(Url($"/api/v1/test-faults/{Guid.NewGuid():N}"), body, Ct);
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            traceIds.Add((await response.ShouldBeProblemAsync(HttpStatusCode.InternalServerError)).Extensions["traceId"]!.ToString()!);
        }

        var rows = await app.WithDbAsync(db => db.TechnicalProblems.Where(p => traceIds.Contains(p.CorrelationId!)).ToListAsync(Ct));
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal("POST /api/v1/test-faults/{id}", r.Source));
        Assert.All(rows, r => Assert.DoesNotContain("migraine", r.Summary + r.StackTop, StringComparison.Ordinal));

        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var page = await (await admin.Browser.GetAsync(Url("/admin/problems"), Ct)).ReadHtmlAsync();
        var group = page.QuerySelectorAll("section[aria-labelledby=errors-heading] tbody tr")
            .Single(r => r.TextContent.Contains("POST /api/v1/test-faults/{id}", StringComparison.Ordinal));
        Assert.Equal(await app.WithDbAsync(db => db.TechnicalProblems.CountAsync(p => p.Source == "POST /api/v1/test-faults/{id}", Ct)),
            int.Parse(group.QuerySelectorAll("td")[1].TextContent, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(traceIds[^1], group.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackgroundFailure_IsListedWithTheServiceAndOurFrames()
    {
        var log = app.Services.GetRequiredService<TechnicalProblemLog>();
        Exception thrown;
        try
        {
            throw new InvalidOperationException(FaultyEndpoints.Secret, new TimeoutException("jane.roe@example.com"));
        }
        catch (InvalidOperationException exception)
        {
            thrown = exception;
        }

        await log.RecordBackgroundFailureAsync("OutboxDispatcher", thrown, Ct);

        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var page = await (await admin.Browser.GetAsync(Url("/admin/problems"), Ct)).ReadHtmlAsync();
        var section = page.QuerySelector("section[aria-labelledby=background-heading]")!.TextContent;
        Assert.Contains("OutboxDispatcher", section, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException ← TimeoutException", section, StringComparison.Ordinal);
        Assert.Contains(nameof(BackgroundFailure_IsListedWithTheServiceAndOurFrames), section, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.roe", section, StringComparison.Ordinal);
        Assert.DoesNotContain("migraine", section, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_IdTooLongOrHostile_Is400WithTheMessageNextToTheField()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);

        foreach (var id in new[] { new string('a', TechnicalProblem.CorrelationIdMaxLength + 1), "abc\u0001def" })
        {
            var response = await admin.Browser.GetAsync(Url("/admin/problems?id=" + Uri.EscapeDataString(id)), Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.NotNull((await response.ReadHtmlAsync()).QuerySelector("#id-error"));
        }
    }

    [Fact]
    public async Task Recording_DeletesRowsOlderThan30Days()
    {
        var now = NodaTime.Instant.FromDateTimeOffset(app.Clock.GetUtcNow());
        var old = new TechnicalProblem(TechnicalProblemKind.BackgroundWork, now - NodaTime.Duration.FromDays(31), "AvailabilityRefresher",
            "System.TimeoutException", "TimeoutException", "", null);
        await app.WithDbAsync(db =>
        {
            db.TechnicalProblems.Add(old);
            return db.SaveChangesAsync(Ct);
        });

        await app.Services.GetRequiredService<TechnicalProblemLog>().RecordBackgroundFailureAsync("AvailabilityRefresher", new TimeoutException(), Ct);

        Assert.False(await app.WithDbAsync(db => db.TechnicalProblems.AnyAsync(p => p.Id == old.Id, Ct)));
        Assert.True(await app.WithDbAsync(db => db.TechnicalProblems.AnyAsync(p => p.At == now && p.Source == "AvailabilityRefresher", Ct)));
    }
}
