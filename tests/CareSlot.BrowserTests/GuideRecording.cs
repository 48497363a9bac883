using System.Diagnostics;
using System.Globalization;
using System.Text;
using CareSlot.Web.Features.Guides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Playwright;

namespace CareSlot.BrowserTests;

/// <summary>
/// One guide's journey as it is recorded: a browser context of its own with Playwright's video recording at 1280×720, a
/// screenshot per step written to the app's guide media folder under the names the app serves ({slug}/{n}.png), and on
/// <see cref="FinishAsync"/> the video ({slug}.webm) and its captions ({slug}.en.vtt, {slug}.de.vtt): each step's words
/// from when the step began until the next one did, measured on the context's own clock.
/// </summary>
public sealed class GuideRecording : IAsyncDisposable
{
    public const int Width = 1280;
    public const int Height = 720;

    private readonly BrowserApp _app;
    private readonly Guide _guide;
    private readonly IBrowserContext _context;
    private readonly string _videoDirectory;
    private readonly Stopwatch _clock;
    private readonly List<TimeSpan> _stepStarts = [];
    private bool _finished;

    private GuideRecording(BrowserApp app, Guide guide, IBrowserContext context, IPage page, string videoDirectory, Stopwatch clock)
    {
        _app = app;
        _guide = guide;
        _context = context;
        Page = page;
        _videoDirectory = videoDirectory;
        _clock = clock;
    }

    public IPage Page { get; }

    /// <summary>The app's guide media folder (Guides:MediaFolder), where the recordings go.</summary>
    public static string MediaFolder(BrowserApp app) => app.Services.GetRequiredService<GuideMedia>().Folder;

    /// <param name="storageState">The cookies of a session signed in beforehand, so the video starts at the guide's first step, not at the sign-in.</param>
    public static async Task<GuideRecording> StartAsync(BrowserApp app, Guide guide, string? storageState = null)
    {
        Assert.True(File.Exists(FfmpegForPlaywright.DebianFfmpeg), "Recording a guide's video needs Debian's ffmpeg (apt-get install ffmpeg; test.sh installs it).");
        var videoDirectory = Directory.CreateTempSubdirectory("careslot-guide-video-").FullName;
        var context = await app.Browser.NewContextAsync(new()
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = new() { Width = Width, Height = Height },
            RecordVideoDir = videoDirectory,
            RecordVideoSize = new() { Width = Width, Height = Height },
            StorageState = storageState,
        });
        var page = await context.NewPageAsync();
        // The video starts with the page; the captions' times count from here.
        var clock = Stopwatch.StartNew();
        var screenshots = Path.Combine(MediaFolder(app), guide.Slug);
        if (Directory.Exists(screenshots)) Directory.Delete(screenshots, recursive: true);
        Directory.CreateDirectory(screenshots);
        return new GuideRecording(app, guide, context, page, videoDirectory, clock);
    }

    /// <summary>
    /// Begins the next step: its caption shows from now; <paramref name="prepare"/> does what the step's picture should show
    /// (fills a form), then the step's screenshot is taken. What leads on to the next step (a click) the caller does after.
    /// </summary>
    public async Task StepAsync(Func<Task>? prepare = null)
    {
        Assert.True(_stepStarts.Count < _guide.Steps.Count, $"The guide '{_guide.Slug}' has {_guide.Steps.Count} steps; its journey walks more.");
        _stepStarts.Add(_clock.Elapsed);
        if (prepare is not null) await prepare();
        var path = Path.Combine(MediaFolder(_app), GuideMedia.ScreenshotName(_guide.Slug, _stepStarts.Count));
        await Page.ScreenshotAsync(new() { Path = path, Type = ScreenshotType.Png });
    }

    /// <summary>Ends the recording: the video is saved once the context closes, and the captions are written beside it.</summary>
    public async Task FinishAsync()
    {
        Assert.Equal(_guide.Steps.Count, _stepStarts.Count);
        var end = _clock.Elapsed;
        await _context.CloseAsync();
        _finished = true;
        var folder = MediaFolder(_app);
        // Into place in one move, so the app never serves half a file.
        var video = Path.Combine(_videoDirectory, "guide.webm");
        await Page.Video!.SaveAsAsync(video);
        File.Move(video, Path.Combine(folder, GuideMedia.VideoName(_guide.Slug)), overwrite: true);
        foreach (var language in GuideMedia.CaptionLanguages)
        {
            var captions = Path.Combine(_videoDirectory, $"guide.{language}.vtt");
            await File.WriteAllTextAsync(captions, Captions(language, end), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(captions, Path.Combine(folder, GuideMedia.CaptionsName(_guide.Slug, language)), overwrite: true);
        }
    }

    /// <summary>WebVTT: a cue per step, "2. Write the reason…", from the step's start to the next step's (the first from 0, the last to the end).</summary>
    private string Captions(string language, TimeSpan end)
    {
        var text = _app.Services.GetRequiredService<IStringLocalizer<GuidesText>>();
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            var vtt = new StringBuilder("WEBVTT\n");
            for (var step = 1; step <= _guide.Steps.Count; step++)
            {
                var from = step == 1 ? TimeSpan.Zero : _stepStarts[step - 1];
                var to = step == _guide.Steps.Count ? end : _stepStarts[step];
                if (to <= from) to = from + TimeSpan.FromMilliseconds(1);
                var words = text[_guide.Steps[step - 1]].Value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
                vtt.Append(CultureInfo.InvariantCulture, $"\n{step}\n{Time(from)} --> {Time(to)}\n{step}. {words}\n");
            }
            return vtt.ToString();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static string Time(TimeSpan time) => time.ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        if (!_finished) await _context.CloseAsync();
        Directory.Delete(_videoDirectory, recursive: true);
    }
}

/// <summary>
/// Playwright records video through an ffmpeg of its own download, which is neither wanted nor reachable here (as its
/// browsers are not): a registry folder of this run lends it Debian's, under the name and revision the driver looks for.
/// </summary>
public static class FfmpegForPlaywright
{
    public const string DebianFfmpeg = "/usr/bin/ffmpeg";

    /// <summary>Before the driver starts: it reads PLAYWRIGHT_BROWSERS_PATH once. Chromium is named by path, so only ffmpeg is looked up there.</summary>
    public static void Provide()
    {
        if (!File.Exists(DebianFfmpeg) || Environment.GetEnvironmentVariable("PLAYWRIGHT_BROWSERS_PATH") is { Length: > 0 }) return;
        var registry = Directory.CreateTempSubdirectory("careslot-playwright-").FullName;
        var ffmpeg = Directory.CreateDirectory(Path.Combine(registry, $"ffmpeg-{Revision()}"));
        File.CreateSymbolicLink(Path.Combine(ffmpeg.FullName, "ffmpeg-linux"), DebianFfmpeg);
        Environment.SetEnvironmentVariable("PLAYWRIGHT_BROWSERS_PATH", registry);
    }

    /// <summary>The ffmpeg revision in the driver's browsers.json, beside the test assembly.</summary>
    private static string Revision()
    {
        using var browsers = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, ".playwright", "package", "browsers.json")));
        return browsers.RootElement.GetProperty("browsers").EnumerateArray()
            .Single(b => b.GetProperty("name").GetString() == "ffmpeg").GetProperty("revision").GetString()!;
    }
}
