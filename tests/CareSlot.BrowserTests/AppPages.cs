using Microsoft.Playwright;

namespace CareSlot.BrowserTests;

/// <summary>The pages every browser check visits, by the short name used in test names and screenshots.</summary>
public static class AppPages
{
    public const string Profile = "profile";

    private static readonly Dictionary<string, (string Path, int Status)> Fixed = new()
    {
        ["home"] = ("/", 200),
        ["directory"] = ("/doctors", 200),
        ["directory-cardiology"] = ("/doctors?specialty=cardiology", 200),
        ["directory-page-2"] = ("/doctors?page=2", 200),
        ["not-found"] = ("/no-such-page", 404),
        ["directory-invalid-page"] = ("/doctors?page=0", 400),
    };

    public static IReadOnlyList<string> Names { get; } =
        ["home", "directory", "directory-cardiology", "directory-page-2", Profile, "not-found", "directory-invalid-page"];

    /// <summary>Opens the named page and checks it answered with the status that page should have.</summary>
    public static async Task OpenAsync(IPage view, string name)
    {
        var (path, status) = name == Profile ? (await FirstProfilePathAsync(view), 200) : Fixed[name];
        var response = await view.GotoAsync(path) ?? throw new InvalidOperationException($"No response for {path}.");
        Assert.Equal(status, response.Status);
    }

    /// <summary>The first doctor listed in the directory, as a person would find it.</summary>
    public static async Task<string> FirstProfilePathAsync(IPage view)
    {
        await view.GotoAsync("/doctors");
        var href = await FirstDoctorLink(view).GetAttributeAsync("href");
        return href ?? throw new InvalidOperationException("The first doctor link has no href.");
    }

    /// <summary>Each result card's heading is a link to the doctor's profile.</summary>
    public static ILocator FirstDoctorLink(IPage view) =>
        view.GetByRole(AriaRole.Main).GetByRole(AriaRole.Heading, new() { Level = 2 }).GetByRole(AriaRole.Link).First;

    public static string ScreenshotPath(string name, int width)
    {
        var directory = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $"{name}-{width}.png");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CareSlot.slnx"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No CareSlot.slnx above {AppContext.BaseDirectory}.");
    }
}
