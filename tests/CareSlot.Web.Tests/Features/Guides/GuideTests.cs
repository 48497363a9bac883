using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using CareSlot.Web.Features.Guides;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Tests.Features.Guides;

/// <summary>The app with a media folder of its own, so a test's pictures never mix with what the browser tests recorded.</summary>
public sealed class SqliteGuidesApp : SqliteApp
{
    public string MediaFolder { get; } = Path.Combine(Path.GetTempPath(), $"careslot-guides-{Guid.NewGuid():N}");

    protected override Dictionary<string, string?> ExtraSettings
    {
        get
        {
            var settings = base.ExtraSettings;
            settings["Guides:MediaFolder"] = MediaFolder;
            return settings;
        }
    }

    protected override void CleanUp()
    {
        base.CleanUp();
        if (Directory.Exists(MediaFolder)) Directory.Delete(MediaFolder, recursive: true);
    }
}

/// <summary>The same on PostgreSQL.</summary>
public sealed class PostgresGuidesApp(PostgresServer server) : PostgresApp(server)
{
    public string MediaFolder { get; } = Path.Combine(Path.GetTempPath(), $"careslot-guides-{Guid.NewGuid():N}");

    protected override Dictionary<string, string?> ExtraSettings
    {
        get
        {
            var settings = base.ExtraSettings;
            settings["Guides:MediaFolder"] = MediaFolder;
            return settings;
        }
    }

    protected override void CleanUp()
    {
        if (Directory.Exists(MediaFolder)) Directory.Delete(MediaFolder, recursive: true);
    }
}

public sealed class GuideTestsOnSqlite(SqliteGuidesApp app) : GuideTests(app, app.MediaFolder), IClassFixture<SqliteGuidesApp>;

public sealed class GuideTestsOnPostgres(PostgresGuidesApp app) : GuideTests(app, app.MediaFolder), IClassFixture<PostgresGuidesApp>;

/// <summary>
/// The guides' pages with and without their recorded media, the media as the app serves them (types, caches, ranges), and
/// every name the media route must refuse. The recordings themselves are GuideRecordingTests' (browser tests); here the
/// media are small stand-ins written to the fixture's own folder, each test with a guide of its own.
/// </summary>
public abstract class GuideTests(CareSlotApp app, string mediaFolder)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    private static readonly byte[] Webm = [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81];

    private const string Captions = "WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.500\nStep one\n";

    private void Write(string name, byte[] content)
    {
        var path = Path.Combine(mediaFolder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    private void WriteAll(Guide guide, bool german = true)
    {
        for (var step = 1; step <= guide.Steps.Count; step++) Write(GuideMedia.ScreenshotName(guide.Slug, step), Png);
        Write(GuideMedia.VideoName(guide.Slug), Webm);
        Write(GuideMedia.CaptionsName(guide.Slug, "en"), System.Text.Encoding.UTF8.GetBytes(Captions));
        if (german) Write(GuideMedia.CaptionsName(guide.Slug, "de"), System.Text.Encoding.UTF8.GetBytes(Captions));
    }

    private async Task<AngleSharp.Dom.IDocument> PageAsync(string path, string? language = null)
    {
        var browser = app.CreateBrowserClient();
        if (language is not null) browser.DefaultRequestHeaders.Add("Accept-Language", language);
        var response = await browser.GetAsync(new Uri(path, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadHtmlAsync();
    }

    [Fact]
    public async Task HelpPage_LinksTheGuides_WhichListEveryGuideByAudience()
    {
        var help = await PageAsync("/help");
        Assert.NotNull(help.QuerySelector("main a[href='/help/guides']"));

        var index = await PageAsync("/help/guides");

        Assert.Equal("Step-by-step guides", index.QuerySelector("h1")!.TextContent);
        var sections = index.QuerySelectorAll("main section");
        Assert.Equal(["For patients", "For doctors"], sections.Select(s => s.QuerySelector("h2")!.TextContent));
        foreach (var (section, audience) in sections.Zip([GuideAudience.Patients, GuideAudience.Doctors]))
        {
            Assert.Equal(GuideCatalog.All.Where(g => g.Audience == audience).Select(g => $"/help/guides/{g.Slug}"),
                section.QuerySelectorAll("h3 a").Select(a => a.GetAttribute("href")));
        }
    }

    [Fact]
    public async Task Guide_WithoutMedia_ShowsEveryStepAsText_WithNoPictureOrVideo()
    {
        var guide = GuideCatalog.Find("history")!;

        var page = await PageAsync($"/help/guides/{guide.Slug}");

        Assert.Equal(guide.Title, page.QuerySelector("h1")!.TextContent);
        Assert.Equal(guide.Steps, page.QuerySelectorAll("ol.guide-steps > li > p").Select(p => p.TextContent));
        Assert.Empty(page.QuerySelectorAll("main img"));
        Assert.Empty(page.QuerySelectorAll("main video"));
    }

    [Fact]
    public async Task Guide_WithMedia_ShowsEachStepsScreenshotWithItsText_AndTheVideoWithCaptions_AllServed()
    {
        var guide = GuideCatalog.Find("book")!;
        WriteAll(guide);

        var page = await PageAsync($"/help/guides/{guide.Slug}");

        var pictures = page.QuerySelectorAll("ol.guide-steps > li").Select(li => li.QuerySelector("img")).ToList();
        Assert.Equal(guide.Steps.Count, pictures.Count);
        var browser = app.CreateBrowserClient();
        for (var step = 1; step <= guide.Steps.Count; step++)
        {
            var picture = pictures[step - 1]!;
            Assert.Equal(guide.Steps[step - 1], picture.GetAttribute("alt"));
            Assert.StartsWith($"/help/guides/media/book/{step}.png?v=", picture.GetAttribute("src"), StringComparison.Ordinal);
            await ExpectServedAsync(browser, picture.GetAttribute("src")!, "image/png", Png);
        }
        var video = page.QuerySelector("main video")!;
        Assert.True(video.HasAttribute("controls"));
        Assert.False(video.HasAttribute("autoplay"));
        Assert.StartsWith("/help/guides/media/book/1.png?v=", video.GetAttribute("poster"), StringComparison.Ordinal);
        var source = video.QuerySelector("source")!;
        Assert.Equal("video/webm", source.GetAttribute("type"));
        await ExpectServedAsync(browser, source.GetAttribute("src")!, "video/webm", Webm);
        var tracks = video.QuerySelectorAll("track").ToList();
        Assert.Equal(["en", "de"], tracks.Select(t => t.GetAttribute("srclang")));
        Assert.All(tracks, t => Assert.Equal("captions", t.GetAttribute("kind")));
        Assert.True(tracks[0].HasAttribute("default"));
        Assert.False(tracks[1].HasAttribute("default"));
        foreach (var track in tracks) await ExpectServedAsync(browser, track.GetAttribute("src")!, "text/vtt", System.Text.Encoding.UTF8.GetBytes(Captions));

        var german = await PageAsync($"/help/guides/{guide.Slug}", "de");
        Assert.Equal("Einen Termin buchen", german.QuerySelector("h1")!.TextContent);
        Assert.Equal("Schreiben Sie den Grund Ihres Besuchs und wählen Sie „Buchung bestätigen“.", german.QuerySelectorAll("ol.guide-steps img")[1].GetAttribute("alt"));
        Assert.True(german.QuerySelector("track[srclang=de]")!.HasAttribute("default"));
    }

    [Fact]
    public async Task Guide_WithSomeMediaMissing_ShowsOnlyWhatIsThere_AndNoVideoWithoutEnglishCaptions()
    {
        var guide = GuideCatalog.Find("cancel")!;
        Write(GuideMedia.ScreenshotName(guide.Slug, 2), Png);
        Write(GuideMedia.ScreenshotName(guide.Slug, 3), []);
        Write(GuideMedia.VideoName(guide.Slug), Webm);

        var page = await PageAsync($"/help/guides/{guide.Slug}");

        var steps = page.QuerySelectorAll("ol.guide-steps > li").ToList();
        Assert.Null(steps[0].QuerySelector("img"));
        Assert.NotNull(steps[1].QuerySelector("img"));
        // An empty file is a recording that broke off: no picture rather than a broken one.
        Assert.Null(steps[2].QuerySelector("img"));
        Assert.Empty(page.QuerySelectorAll("main video"));
    }

    [Fact]
    public async Task Video_AnswersByteRanges_SoPlayersCanSeek()
    {
        var guide = GuideCatalog.Find("reschedule")!;
        WriteAll(guide, german: false);
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/help/guides/media/reschedule.webm", UriKind.Relative));
        request.Headers.Range = new RangeHeaderValue(4, 7);

        var response = await app.CreateClient().SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(Webm[4..8], await response.Content.ReadAsByteArrayAsync(Ct));
    }

    // Dot segments ("..", "%2e%2e") and NUL are not here: the client and the server collapse or refuse them before routing.
    public static TheoryData<string> HostileSlugs =>
    [
        "no-such-guide", "BOOK", "book.webm", "...", "%2E%2E%2Fappsettings.json", "..%5C..%5Cappsettings.json", "book%0A", "book%1B[31m", "%E2%80%AEkoob",
        new string('a', 5000), "book%20",
    ];

    [Theory]
    [MemberData(nameof(HostileSlugs))]
    public async Task Guide_WithAnUnknownOrHostileSlug_Is404(string slug)
    {
        var response = await app.CreateBrowserClient().GetAsync(new Uri($"/help/guides/{slug}", UriKind.Relative), Ct);

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"/help/guides/{slug}: {(int)response.StatusCode}");
    }

    public static TheoryData<string> HostileMediaNames =>
    [
        "", "book", "book/", "book/1", "book/0.png", "book/4.png", "book/01.png", "book/1.PNG", "book/1.png/", "book/1.jpg", "book.fr.vtt", "book.EN.vtt",
        "book.mp4", "nosuch.webm", "nosuch/1.png", "../appsettings.json", "..%2Fappsettings.json", "%2e%2e/%2e%2e/appsettings.json",
        "book/..%2F..%2Fappsettings.json", "book/...png", "book%0A.webm", "book/1.png%0D%0A", "%2Fetc%2Fpasswd",
        "book%5C..%5Cbook.webm", "book//1.png", ".%2Fbook.webm", "book.webm.", new string('a', 5000) + ".webm",
    ];

    /// <summary>Only the names of a guide's files reach the folder; the files are there (each test's media are), and still nothing else is served.</summary>
    [Theory]
    [MemberData(nameof(HostileMediaNames))]
    public async Task Media_WithANameThatIsNotAGuidesFile_Is404_NeverAFileOrAFault(string name)
    {
        WriteAll(GuideCatalog.Find("book")!);
        File.WriteAllText(Path.Combine(mediaFolder, "secret.txt"), "not for the web");

        var response = await app.CreateClient().GetAsync(new Uri($"/help/guides/media/{name}", UriKind.Relative), Ct);

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"/help/guides/media/{name}: {(int)response.StatusCode}");
    }

    [Fact]
    public async Task MediaFolder_IsNeverListed()
    {
        WriteAll(GuideCatalog.Find("book")!);

        foreach (var path in new[] { "/help/guides/media", "/help/guides/media/", "/help/guides/media/book/" })
        {
            var response = await app.CreateClient().GetAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("1.png", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EveryGuideText_HasItsEnglishAndGermanWords()
    {
        var text = app.Services.GetRequiredService<IStringLocalizer<GuidesText>>();
        var keys = GuideCatalog.All.SelectMany(g => g.Steps.Prepend(g.Summary).Prepend(g.Title)).ToList();
        foreach (var culture in new[] { "en", "de" })
        {
            var previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            try
            {
                var all = text.GetAllStrings(includeParentCultures: false).Select(s => s.Name).ToHashSet();
                Assert.DoesNotContain(keys, k => culture == "en" ? text[k].ResourceNotFound : !all.Contains(k));
            }
            finally
            {
                CultureInfo.CurrentUICulture = previous;
            }
        }
        Assert.Equal(GuideCatalog.All.Count, GuideCatalog.All.Select(g => g.Slug).Distinct().Count());
    }

    private static async Task ExpectServedAsync(HttpClient browser, string url, string contentType, byte[] content)
    {
        var response = await browser.GetAsync(new Uri(url, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.True(response.Headers.CacheControl is { Public: true, MaxAge.TotalSeconds: > 0 }, $"{url}: Cache-Control {response.Headers.CacheControl}");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.NotNull(response.Content.Headers.LastModified);
    }
}

/// <summary>The media folder's setting is checked on start, naming it.</summary>
public sealed class GuidesOptionsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("data/\u0001guides")]
    public async Task Start_WithAWrongMediaFolder_Fails(string value)
    {
        await using var app = new AppWithSetting(value);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.InitializeAsync().AsTask());

        Assert.Contains("MediaFolder", error.ToString(), StringComparison.Ordinal);
    }

    private sealed class AppWithSetting(string value) : SqliteApp
    {
        protected override Dictionary<string, string?> ExtraSettings
        {
            get
            {
                var settings = base.ExtraSettings;
                settings["Guides:MediaFolder"] = value;
                settings["Logging:LogLevel:Default"] = "None";
                return settings;
            }
        }
    }
}
