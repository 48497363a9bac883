using CareSlot.Web.Tests.Infrastructure;

namespace CareSlot.Web.Tests.Platform.Web;

public sealed class SecurityHeadersTestsOnSqlite(SqliteKestrelApp app) : SecurityHeadersTests(app), IClassFixture<SqliteKestrelApp>;

public sealed class SecurityHeadersTestsOnPostgres(PostgresKestrelApp app) : SecurityHeadersTests(app), IClassFixture<PostgresKestrelApp>;

/// <summary>On real Kestrel: the in-memory test server adds no Server header of its own, so it could not show one.</summary>
public abstract class SecurityHeadersTests(CareSlotApp app)
{
    [Theory]
    [InlineData("/doctors")]
    [InlineData("/api/v1/specialties")]
    public async Task Response_FromKestrel_DoesNotNameTheServer(string path)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

        response.EnsureSuccessStatusCode();
        Assert.False(response.Headers.Contains("Server"), $"Server: {string.Join(", ", response.Headers.Server)}");
    }
}
