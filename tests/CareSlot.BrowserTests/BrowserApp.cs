using CareSlot.Web.Features.Notifications.Delivery;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CareSlot.BrowserTests;

/// <summary>
/// The app on a real Kestrel port with its own demo-seeded SQLite file and development mailbox, plus one
/// headless Chromium that every test of the collection shares (each test opens its own context).
/// </summary>
public sealed class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>The subject of the one e-mail in the mailbox at start, so the mailbox pages never depend on test order.</summary>
    public const string FixtureEmailSubject = "Welcome to the CareSlot browser tests";

    // Debian's Chromium; Playwright's own browser download is neither wanted nor reachable.
    private const string ChromiumPath = "/usr/bin/chromium";

    private readonly DirectoryInfo _dataDirectory = Directory.CreateTempSubdirectory("careslot-browser-");
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The one running app, for page checks that must make their own people (a doctor with two-factor).</summary>
    public static BrowserApp? Current { get; private set; }

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not been launched yet.");

    private string DatabasePath => Path.Combine(_dataDirectory.FullName, "careslot.db");

    private string MailboxPath => Path.Combine(_dataDirectory.FullName, "mailbox");

    public async ValueTask InitializeAsync()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseAddress = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));
        await PutFixtureMessagesInMailboxAsync();
        await BookFixtureAppointmentAsync();
        Current = this;

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    /// <summary>A fresh, isolated browser context whose relative URLs resolve against the app.</summary>
    public Task<IBrowserContext> NewContextAsync(int width, int height, bool javaScriptEnabled = true) =>
        Browser.NewContextAsync(new()
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new() { Width = width, Height = height },
            JavaScriptEnabled = javaScriptEnabled,
        });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:SqlitePath", DatabasePath);
        builder.UseSetting("Seed:Demo", "true");
        builder.UseSetting("Mailbox:Path", MailboxPath);
        // Every browser request comes from 127.0.0.1: the per-IP limit of the account pages would refuse most of them.
        builder.UseSetting("RateLimiting:Enabled", "false");
    }

    /// <summary>
    /// One e-mail and one text message, sent the way the app sends its own. The e-mail's link is as long and
    /// unbroken as a verification link, so the message page's reflow check covers one.
    /// </summary>
    private async Task PutFixtureMessagesInMailboxAsync()
    {
        var link = new Uri(BaseAddress, $"/doctors?specialty=cardiology&city=Berlin&ref={new string('x', 160)}");
        await Services.GetRequiredService<IEmailTransport>().SendAsync(new EmailMessage("Mailbox Fixture <mailbox.fixture@example.org>",
            FixtureEmailSubject, $"Hello,\n\nFind a doctor at {link}.\n",
            $"<p>Hello,</p><p><a href=\"{link}\">Find a doctor</a>.</p>"), CancellationToken.None);
        await Services.GetRequiredService<ISmsTransport>().SendAsync(
            new SmsMessage("+447400000001", "This text message is a browser test fixture."), CancellationToken.None);
    }

    /// <summary>One upcoming appointment for the demo patient, so the appointment pages have something to show.</summary>
    private async Task BookFixtureAppointmentAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareSlot.Web.Platform.Data.CareSlotDb>();
        var doctorId = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.MinAsync(db.WeeklyHours.Select(h => h.DoctorId));
        await this.BookAsync(AppPages.DemoPatientEmail, doctorId, daysAhead: 3);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
        // Pooled connections keep the file open; release them so the directory can go.
        SqliteConnection.ClearAllPools();
        _dataDirectory.Delete(recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class SharedBrowser : ICollectionFixture<BrowserApp>
{
    public const string Name = "Browser";
}
