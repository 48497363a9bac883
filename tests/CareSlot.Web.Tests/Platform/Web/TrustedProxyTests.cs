using System.Net;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Platform.Web;

/// <summary>
/// One proxy configured (10.0.0.5), and the framework's switch that would believe every sender turned on as well. The
/// in-memory server has no peer address, so each request names its own in <see cref="PeerHeader"/>.
/// </summary>
public sealed class TrustedProxySqliteApp : SqliteApp
{
    public const string PeerHeader = "X-Test-Peer";

    protected override Dictionary<string, string?> ExtraSettings
    {
        get
        {
            var settings = base.ExtraSettings;
            settings["ForwardedHeaders:KnownProxies:0"] = "10.0.0.5";
            settings["ForwardedHeaders_Enabled"] = "true"; // ASPNETCORE_FORWARDEDHEADERS_ENABLED
            return settings;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter, PeerAddressFromHeader>());
    }

    private sealed class PeerAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[PeerHeader], out var peer)) context.Connection.RemoteIpAddress = peer;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>Forwarded headers count only from a configured proxy; seen through HSTS, which is sent on https requests only.</summary>
public sealed class TrustedProxyTests(TrustedProxySqliteApp app) : IClassFixture<TrustedProxySqliteApp>
{
    private async Task<HttpResponseMessage> GetForwardedAsHttpsAsync(string peer, string path = "/doctors")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(CareSlotApp.PublicOrigin.Replace("https:", "http:", StringComparison.Ordinal) + path));
        request.Headers.Add(TrustedProxySqliteApp.PeerHeader, peer);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");
        return await app.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ForwardedProto_FromTheConfiguredProxy_MakesTheRequestHttps()
    {
        var response = await GetForwardedAsHttpsAsync("10.0.0.5");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task ForwardedProto_FromAnyoneElse_IsIgnored()
    {
        var response = await GetForwardedAsHttpsAsync("203.0.113.9");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task ForwardedProto_FromTheConfiguredProxy_MakesCookiesSecure()
    {
        var response = await GetForwardedAsHttpsAsync("10.0.0.5", "/account/sign-in");

        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, cookie => Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ForwardedProto_FromAnyoneElse_LeavesCookiesForPlainHttp()
    {
        var response = await GetForwardedAsHttpsAsync("203.0.113.9", "/account/sign-in");

        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, cookie => Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase));
    }
}
