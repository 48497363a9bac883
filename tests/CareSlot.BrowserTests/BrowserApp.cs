using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Platform.Web;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;

namespace CareSlot.BrowserTests;

/// <summary>
/// The app on a real Kestrel port with its own demo-seeded SQLite file, sending e-mail over SMTP to a real server
/// (<see cref="Smtp"/>) and text messages to its development mailbox, plus one headless Chromium that every test
/// of the collection shares (each test opens its own context).
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

    /// <summary>Chosen before the app starts, so the links in the e-mails it sends (its public address) lead back to it.</summary>
    public Uri BaseAddress { get; } = new($"http://127.0.0.1:{SmtpSink.FreePort()}/");

    /// <summary>
    /// The SMTP server that receives every e-mail the app sends, as production's would; tests read what arrived
    /// (<see cref="SentEmail"/>).
    /// </summary>
    public SmtpSink Smtp { get; } = new();

    /// <summary>The one running app, for page checks that must make their own people (a doctor or an administrator with two-factor).</summary>
    public static BrowserApp? Current { get; private set; }

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not been launched yet.");

    private string DatabasePath => Path.Combine(_dataDirectory.FullName, "careslot.db");

    private string MailboxPath => Path.Combine(_dataDirectory.FullName, "mailbox");

    public async ValueTask InitializeAsync()
    {
        await Smtp.InitializeAsync();
        UseKestrel(BaseAddress.Port);
        StartServer();
        await PutFixtureMessagesInMailboxAsync();
        await BookFixtureAppointmentAsync();
        Current = this;

        // The guides' videos (GuideRecordingTests) are recorded through Debian's ffmpeg.
        FfmpegForPlaywright.Provide();
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

    /// <summary>
    /// The language the people a page check makes prefer (their profile's), and the demo patient's while a check runs
    /// in another language (<see cref="SpeakAsync"/>). The tests of the collection run one at a time.
    /// </summary>
    public string Language { get; private set; } = "en";

    /// <summary>
    /// Until disposed, pages speak <paramref name="language"/> to everyone: the people made from now on and the demo
    /// patient prefer it (a signed-in person's preference wins over the browser's language), and contexts made with
    /// <see cref="NewContextAsync"/> carry it as the language cookie.
    /// </summary>
    public async Task<IAsyncDisposable> SpeakAsync(string language)
    {
        await SetDemoPatientsLanguageAsync(language);
        Language = language;
        return new Restore(this);
    }

    private sealed class Restore(BrowserApp app) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            app.Language = "en";
            await app.SetDemoPatientsLanguageAsync("en");
        }
    }

    private async Task SetDemoPatientsLanguageAsync(string language)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareSlot.Web.Platform.Data.CareSlotDb>();
        await db.Users.Where(u => u.Email == AppPages.DemoPatientEmail).ExecuteUpdateAsync(u => u.SetProperty(a => a.PreferredLanguage, language));
    }

    /// <summary>A fresh, isolated browser context whose relative URLs resolve against the app, in <see cref="Language"/>.</summary>
    public async Task<IBrowserContext> NewContextAsync(int width, int height, bool javaScriptEnabled = true)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new() { Width = width, Height = height },
            JavaScriptEnabled = javaScriptEnabled,
        });
        if (Language != "en")
        {
            await context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = Uri.EscapeDataString($"c={Language}|uic={Language}"), Url = BaseAddress.ToString() }]);
        }
        return context;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:SqlitePath", DatabasePath);
        // Its own key for health information, and its own (empty) key folder: the development key that running the site
        // leaves in the source tree would otherwise join the ring as a second key with no current one, and the app refuses that.
        builder.UseSetting(PhiKeysOptions.VariablePrefix + "b1", PhiKeyRing.NewKeyText());
        builder.UseSetting($"{PhiKeysOptions.Section}:{nameof(PhiKeysOptions.Folder)}", Path.Combine(_dataDirectory.FullName, "keys"));
        builder.UseSetting("Seed:Demo", "true");
        builder.UseSetting("Mailbox:Path", MailboxPath);
        foreach (var (key, value) in Smtp.Settings) builder.UseSetting(key, value);
        builder.UseSetting("Site:PublicOrigin", BaseAddress.ToString().TrimEnd('/'));
        // The dispatcher runs on real time (JourneyClock only moves the wall clock forward): a short interval keeps the journeys that wait for an e-mail short.
        builder.UseSetting("Notifications:DispatchIntervalMilliseconds", "200");
        // Journeys move the clock past 02:00: no backups into the source tree while they do.
        builder.UseSetting("Backup:Schedule", "");
        builder.UseSetting("Backup:Folder", Path.Combine(_dataDirectory.FullName, "backups"));
        // The erasure requests the page walk seeds are held by a made-up dispute: a run as the clock moves on would carry them out.
        builder.UseSetting("Privacy:ResumeErasuresMinutes", "0");
        // Every browser request comes from 127.0.0.1: the per-IP limit of the account pages would refuse most of them.
        builder.UseSetting("RateLimiting:Enabled", "false");
        // German offered, and the test-only pseudo-language whose walk finds text that bypasses the localizers.
        builder.UseSetting($"{SiteLanguages.Setting}:0", "de");
        builder.UseSetting(PseudoLocalization.Setting, "true");
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(JourneyClock.Instance)));
    }

    /// <summary>
    /// One e-mail and one text message, written by the mailbox transports the way they write any message: the app's
    /// own e-mail goes to <see cref="Smtp"/>, so without this the mailbox pages would show no e-mail. The e-mail's
    /// link is as long and unbroken as a verification link, so the message page's reflow check covers one.
    /// </summary>
    private async Task PutFixtureMessagesInMailboxAsync()
    {
        var link = new Uri(BaseAddress, $"/doctors?specialty=cardiology&city=Berlin&ref={new string('x', 160)}");
        var mailbox = ActivatorUtilities.CreateInstance<MailboxEmailTransport>(Services);
        await mailbox.SendAsync(new EmailMessage("Mailbox Fixture <mailbox.fixture@example.org>",
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
        await Smtp.DisposeAsync();
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
