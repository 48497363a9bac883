using System.Net;
using CareSlot.Web.Tests.Infrastructure;

namespace CareSlot.Web.Tests.Platform.Web;

public sealed class SiteTestsOnSqlite(SqliteApp app) : SiteTests(app), IClassFixture<SqliteApp>;

public sealed class SiteTestsOnPostgres(PostgresApp app) : SiteTests(app), IClassFixture<PostgresApp>;

/// <summary>Which hosts a request may name: the public origin's and loopback, nothing else.</summary>
public abstract class SiteTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(CareSlotApp.PublicOrigin + "/doctors")]
    [InlineData("http://localhost/doctors")]
    [InlineData("http://127.0.0.1:8080/health/live")]
    [InlineData("http://[::1]/api/v1/specialties")]
    public async Task Request_ToThePublicHostOrLoopback_IsServed(string url)
    {
        var response = await app.CreateClient().GetAsync(new Uri(url), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("http://evil.example/doctors")]
    [InlineData("http://book.careslot.test.evil.example/api/v1/specialties")]
    [InlineData("http://10.1.2.3/health/live")]
    public async Task Request_ToAnyOtherHost_IsRefused(string url)
    {
        var response = await app.CreateClient().GetAsync(new Uri(url), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
