using CareSlot.Web.Tests.Infrastructure;

namespace CareSlot.Web.Tests.Features.Help;

/// <summary>The help page's contact settings are checked on start: a wrong one stops the app, naming it, before any visitor sees it.</summary>
public sealed class HelpOptionsTests
{
    [Theory]
    [InlineData("Help:Email", "not an address")]
    [InlineData("Help:Phone", "")]
    [InlineData("Help:TimeZone", "Mars/Olympus")]
    [InlineData("Help:Closes", "07:00")]
    public async Task Start_WithAWrongHelpSetting_Fails(string key, string value)
    {
        await using var app = new AppWithSetting(key, value);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.InitializeAsync().AsTask());

        Assert.Contains(key.Split(':')[1], error.ToString(), StringComparison.Ordinal);
    }

    private sealed class AppWithSetting(string key, string value) : SqliteApp
    {
        protected override Dictionary<string, string?> ExtraSettings
        {
            get
            {
                var settings = base.ExtraSettings;
                settings[key] = value;
                // The failed start is expected; its log would only bury the assertion's message.
                settings["Logging:LogLevel:Default"] = "None";
                return settings;
            }
        }
    }
}
