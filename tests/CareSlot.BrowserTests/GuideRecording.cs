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
/// <see cref="FinishAsync"/> the video ({slug}.webm, cut so each step's page holds a moment) and its captions ({slug}.en.vtt,
/// {slug}.de.vtt): each step's words over its part of the video, from the screenshot times measured on the context's clock.
/// </summary>
public sealed class GuideRecording : IAsyncDisposable
{
    public const int Width = 1280;
    public const int Height = 720;

    /// <summary>
    /// How long the finished video holds each step's page as its screenshot shows it. The journey runs at machine speed (no
    /// waits in tests); a person needs time to read the page and its caption, which the cut gives after the fact.
    /// </summary>
    public static readonly TimeSpan StepHold = TimeSpan.FromSeconds(2.5);

    private readonly BrowserApp _app;
    private readonly Guide _guide;
    private readonly IBrowserContext _context;
    private readonly string _videoDirectory;
    private readonly Stopwatch _clock;
    /// <summary>When each step's screenshot was taken, on the clock that started with the video.</summary>
    private readonly List<TimeSpan> _shots = [];
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
    /// The next step: <paramref name="prepare"/> does what the step's picture should show (fills a form), then the step's
    /// screenshot is taken and its time noted. What leads on to the next step (a click) the caller does after.
    /// </summary>
    public async Task StepAsync(Func<Task>? prepare = null)
    {
        Assert.True(_shots.Count < _guide.Steps.Count, $"The guide '{_guide.Slug}' has {_guide.Steps.Count} steps; its journey walks more.");
        if (prepare is not null) await prepare();
        _shots.Add(_clock.Elapsed);
        var path = Path.Combine(MediaFolder(_app), GuideMedia.ScreenshotName(_guide.Slug, _shots.Count));
        await Page.ScreenshotAsync(new() { Path = path, Type = ScreenshotType.Png });
    }

    /// <summary>Ends the recording: the video is saved once the context closes, and the captions are written beside it.</summary>
    public async Task FinishAsync()
    {
        Assert.Equal(_guide.Steps.Count, _shots.Count);
        await _context.CloseAsync();
        _finished = true;
        var folder = MediaFolder(_app);
        var raw = Path.Combine(_videoDirectory, "raw.webm");
        await Page.Video!.SaveAsAsync(raw);
        // Into place in one move each, so the app never serves half a file.
        var video = Path.Combine(_videoDirectory, "guide.webm");
        await CutAsync(raw, video);
        File.Move(video, Path.Combine(folder, GuideMedia.VideoName(_guide.Slug)), overwrite: true);
        foreach (var language in GuideMedia.CaptionLanguages)
        {
            var captions = Path.Combine(_videoDirectory, $"guide.{language}.vtt");
            await File.WriteAllTextAsync(captions, Captions(language), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(captions, Path.Combine(folder, GuideMedia.CaptionsName(_guide.Slug, language)), overwrite: true);
        }
    }

    /// <summary>
    /// The recording cut at each step's screenshot, each part followed by <see cref="StepHold"/> of that screenshot (the page
    /// exactly as the step's picture shows it, whatever lag the recorder's frames have behind the test's clock), with
    /// Debian's ffmpeg; VP8, which every browser that plays WebM plays. What followed the last screenshot (closing) is left out.
    /// </summary>
    private async Task CutAsync(string raw, string video)
    {
        var steps = _shots.Count;
        // The recording at a constant 10 frames a second from 0, so each trim is as long as the test measured it.
        var parts = new StringBuilder();
        parts.Append(CultureInfo.InvariantCulture, $"[0:v]fps=fps={Fps}:start_time=0,{Frame},split={steps}");
        parts.Append(string.Concat(Enumerable.Range(0, steps).Select(step => $"[r{step}]"))).Append(';');
        var previous = TimeSpan.Zero;
        for (var step = 0; step < steps; step++)
        {
            var motion = Motion(step);
            parts.Append(CultureInfo.InvariantCulture,
                $"[r{step}]trim=start={previous.TotalSeconds:0.000}:duration={motion.TotalSeconds:0.000},setpts=PTS-STARTPTS[m{step}];");
            parts.Append(CultureInfo.InvariantCulture, $"[{step + 1}:v]{Frame},setpts=PTS-STARTPTS[h{step}];");
            previous += motion;
        }
        parts.Append(string.Concat(Enumerable.Range(0, steps).Select(step => $"[m{step}][h{step}]")));
        parts.Append(CultureInfo.InvariantCulture, $"concat=n={2 * steps}:v=1:a=0[guide]");
        var ffmpeg = new ProcessStartInfo(FfmpegForPlaywright.DebianFfmpeg) { RedirectStandardError = true };
        foreach (var argument in new[] { "-hide_banner", "-loglevel", "error", "-y", "-i", raw }) ffmpeg.ArgumentList.Add(argument);
        for (var step = 1; step <= steps; step++)
        {
            var shot = Path.Combine(MediaFolder(_app), GuideMedia.ScreenshotName(_guide.Slug, step));
            foreach (var argument in new[] { "-loop", "1", "-framerate", $"{Fps}", "-t", StepHold.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture), "-i", shot })
            {
                ffmpeg.ArgumentList.Add(argument);
            }
        }
        // 10 frames a second: pages, not motion; a third of the encoding a 25 fps cut would cost the run.
        foreach (var argument in new[] { "-filter_complex", parts.ToString(), "-map", "[guide]", "-an", "-r", $"{Fps}", "-c:v", "libvpx",
            "-deadline", "realtime", "-cpu-used", "16", "-b:v", "1000k", "-threads", "2", video })
        {
            ffmpeg.ArgumentList.Add(argument);
        }
        using var process = Process.Start(ffmpeg)!;
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"ffmpeg could not cut the video of '{_guide.Slug}': {await errors}");
    }

    private const int Fps = 10;

    /// <summary>Every part alike, as concat needs: the recording's size, square pixels, the encoder's pixel format.</summary>
    private static readonly string Frame = $"scale={Width}:{Height},setsar=1,format=yuv420p";

    /// <summary>How long the recording runs from the previous step's screenshot (or the start) to this one's: at least a frame.</summary>
    private TimeSpan Motion(int step)
    {
        var length = _shots[step] - (step == 0 ? TimeSpan.Zero : _shots[step - 1]);
        return length < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : length;
    }

    /// <summary>
    /// WebVTT: a cue per step, "2. Write the reason…", over its part of the cut video: the recording from the previous step's
    /// screenshot (the first from 0) to its own, then the hold of its picture.
    /// </summary>
    private string Captions(string language)
    {
        var text = _app.Services.GetRequiredService<IStringLocalizer<GuidesText>>();
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            var vtt = new StringBuilder("WEBVTT\n");
            for (var step = 1; step <= _guide.Steps.Count; step++)
            {
                var from = Enumerable.Range(0, step - 1).Aggregate(TimeSpan.Zero, (sum, earlier) => sum + Motion(earlier) + StepHold);
                var to = from + Motion(step - 1) + StepHold;
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
