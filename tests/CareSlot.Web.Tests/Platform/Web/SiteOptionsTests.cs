using CareSlot.Web.Platform.Web;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Tests.Platform.Web;

/// <summary>Start-up with and without <c>Site:PublicOrigin</c>, and the hosts it allows.</summary>
public sealed class SiteOptionsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("careslot.example")]
    [InlineData("https://careslot.example/booking")]
    [InlineData("ftp://careslot.example")]
    public async Task Start_OutsideDevelopmentWithoutAValidPublicOrigin_FailsNamingTheSettingWithAnExample(string? origin)
    {
        await using var app = new AppWithPublicOrigin("Production", origin);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.InitializeAsync().AsTask());

        Assert.Contains("Site:PublicOrigin", error.Message, StringComparison.Ordinal);
        Assert.Contains(SiteOptions.Example, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InDevelopmentWithoutPublicOrigin_UsesLocalhost5080()
    {
        await using var app = new AppWithPublicOrigin("Development", null);

        await app.InitializeAsync();

        Assert.Equal(new Uri("http://localhost:5080"), app.Services.GetRequiredService<IOptions<SiteOptions>>().Value.Origin);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("*")]
    public void AllowedHosts_UnsetOrAny_AreThePublicHostAndLoopback(string? configured)
    {
        var site = new SiteOptions { PublicOrigin = "https://book.clinic.example:8443" };

        Assert.Equal(["book.clinic.example", "localhost", "127.0.0.1", "[::1]"], SiteExtensions.AllowedHosts(site, configured));
    }

    [Fact]
    public void AllowedHosts_Configured_AreKeptBesideThePublicHost()
    {
        var site = new SiteOptions { PublicOrigin = "https://book.clinic.example" };

        Assert.Equal(["internal.clinic.example", "10.0.0.7", "book.clinic.example", "localhost", "127.0.0.1", "[::1]"],
            SiteExtensions.AllowedHosts(site, "internal.clinic.example; 10.0.0.7"));
    }

    /// <summary>The app in <paramref name="environment"/> with <c>Site:PublicOrigin</c> set to <paramref name="origin"/> (null: not set).</summary>
    private sealed class AppWithPublicOrigin(string environment, string? origin) : SqliteApp
    {
        protected override string? PublicOriginSetting => origin;

        protected override Dictionary<string, string?> ExtraSettings
        {
            get
            {
                var settings = base.ExtraSettings;
                // The failed start is expected; its log would only bury the assertion's message.
                settings["Logging:LogLevel:Default"] = "None";
                return settings;
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
        }
    }
}
