using System.Net;
using System.Net.Http.Json;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;

namespace CareSlot.Web.Tests.Features.Accounts;

/// <summary>A generous per-IP budget and a small per-address one, so only the per-account limit can refuse.</summary>
public sealed class PerAccountLimitedSqliteApp : SqliteApp
{
    protected override Dictionary<string, string?> ExtraSettings => new()
    {
        ["RateLimiting:Enabled"] = "true",
        ["RateLimiting:AccountPermitLimit"] = "100",
        ["RateLimiting:PerAccountPermitLimit"] = "2",
        ["RateLimiting:PerAccountWindowSeconds"] = "900",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Critical",
    };
}

public sealed class PerAccountRateLimitTests(PerAccountLimitedSqliteApp app) : IClassFixture<PerAccountLimitedSqliteApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/v1/auth/forgot-password")]
    [InlineData("/api/v1/auth/resend-phone-code")]
    public async Task MessagesToOneAddress_AreLimitedWhateverTheIp_OtherAddressesAreNot(string endpoint)
    {
        var victim = $"victim-{Guid.NewGuid():N}@example.com";
        var client = app.CreateClient();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++) answers.Add(await client.PostAsJsonAsync(endpoint, new { email = victim }, Ct));
        var someoneElse = await client.PostAsJsonAsync(endpoint, new { email = $"other-{Guid.NewGuid():N}@example.com" }, Ct);

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted], answers.Take(2).Select(a => a.StatusCode));
        await answers[2].ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(answers[2].Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(HttpStatusCode.Accepted, someoneElse.StatusCode);
    }

    [Fact]
    public async Task ForgotPasswordPage_ThirdRequestForOneAddress_ShowsTheWaitNextToTheField()
    {
        var victim = $"VICTIM-{Guid.NewGuid():N}@example.com";
        var browser = app.CreateBrowserClient();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.SubmitFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = victim.ToLowerInvariant() })).StatusCode);
        }

        var refused = await browser.SubmitFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = victim });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Please wait", (await refused.ReadHtmlAsync()).QuerySelector("#Email-error")!.TextContent, StringComparison.Ordinal);
    }
}
