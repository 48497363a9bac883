using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Guides;

/// <summary>A file of the media folder the app may serve: where it is, what it is, when it was written.</summary>
public sealed record GuideMediaFile(string PhysicalPath, string ContentType, DateTimeOffset LastModified);

/// <summary>What a guide's page can show: the screenshot of each step that has one, the video and its captions.</summary>
/// <param name="Screenshots">By step number (from 1); a step without one is missing.</param>
/// <param name="Captions">Caption URLs by language ("en", "de").</param>
public sealed record GuideMediaSet(IReadOnlyDictionary<int, string> Screenshots, string? Video, IReadOnlyDictionary<string, string> Captions);

/// <summary>
/// The guides' media folder (<see cref="GuidesOptions.MediaFolder"/>): the stable names the browser tests write, and the
/// only names the app serves from it. A name is read by a strict pattern and must belong to a guide of the catalogue, so
/// no request can name anything else in (or outside) the folder.
/// </summary>
public sealed partial class GuideMedia(IOptions<GuidesOptions> options, IHostEnvironment environment)
{
    public const string UrlPrefix = "/help/guides/media/";

    /// <summary>The languages captions may be written in.</summary>
    public static readonly IReadOnlyList<string> CaptionLanguages = ["en", "de"];

    /// <summary>The folder as a full path.</summary>
    public string Folder { get; } = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.MediaFolder));

    public static string ScreenshotName(string slug, int step) => $"{slug}/{step.ToString(CultureInfo.InvariantCulture)}.png";

    public static string VideoName(string slug) => $"{slug}.webm";

    public static string CaptionsName(string slug, string language) => $"{slug}.{language}.vtt";

    /// <summary>The file a media name stands for, when the name is one of the app's and the file is there; else none.</summary>
    public GuideMediaFile? Find(string? name)
    {
        if (name is null || name.Length > 80) return null;
        var match = MediaName().Match(name);
        if (!match.Success || GuideCatalog.Find(match.Groups["slug"].Value) is not { } guide) return null;
        string contentType;
        if (match.Groups["step"].Success)
        {
            var step = int.Parse(match.Groups["step"].Value, CultureInfo.InvariantCulture);
            if (step > guide.Steps.Count) return null;
            contentType = "image/png";
        }
        else if (match.Groups["language"].Success)
        {
            if (!CaptionLanguages.Contains(match.Groups["language"].Value)) return null;
            contentType = "text/vtt; charset=utf-8";
        }
        else
        {
            contentType = "video/webm";
        }
        var file = new FileInfo(Path.Combine(Folder, name));
        return file.Exists && file.Length > 0 ? new GuideMediaFile(file.FullName, contentType, file.LastWriteTimeUtc) : null;
    }

    /// <summary>The media of a guide that is there, each as a URL that changes with the file (so caches never show an old recording).</summary>
    public GuideMediaSet For(Guide guide)
    {
        ArgumentNullException.ThrowIfNull(guide);
        var screenshots = new Dictionary<int, string>();
        for (var step = 1; step <= guide.Steps.Count; step++)
        {
            if (Url(ScreenshotName(guide.Slug, step)) is { } url) screenshots[step] = url;
        }
        var video = Url(VideoName(guide.Slug));
        var captions = new Dictionary<string, string>();
        foreach (var language in CaptionLanguages)
        {
            if (Url(CaptionsName(guide.Slug, language)) is { } url) captions[language] = url;
        }
        // A video without English captions is not shown: it would play without the words of its steps.
        return new GuideMediaSet(screenshots, captions.ContainsKey("en") ? video : null, captions);
    }

    private string? Url(string name) => Find(name) is { } file
        ? $"{UrlPrefix}{name}?v={file.LastModified.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}"
        : null;

    /// <summary>"book/2.png", "book.webm", "book.en.vtt": lower-case slug words joined by hyphens, a step of 1–99.</summary>
    [GeneratedRegex(@"^(?<slug>[a-z0-9]+(?:-[a-z0-9]+)*)(?:/(?<step>[1-9][0-9]?)\.png|\.webm|\.(?<language>[a-z]{2})\.vtt)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex MediaName();
}
