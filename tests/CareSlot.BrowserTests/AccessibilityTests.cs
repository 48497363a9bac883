using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace CareSlot.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed class AccessibilityTests(BrowserApp app, ITestOutputHelper output)
{
    private static readonly Dictionary<int, int> Heights = new() { [375] = 812, [768] = 1024, [1280] = 800 };

    private static readonly AxeRunOptions WcagAa = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
        ResultTypes = [ResultType.Violations],
    };

    /// <summary>Every page; CARESLOT_PAGES (names separated by commas) narrows a local run to the pages being worked on.</summary>
    public static TheoryData<string> PageNames { get; } = new(Environment.GetEnvironmentVariable("CARESLOT_PAGES") is { Length: > 0 } only
        ? AppPages.Names.Where(only.Split(',', StringSplitOptions.TrimEntries).Contains)
        : AppPages.Names);

    /// <summary>
    /// Each page reflows without sideways scrolling at the narrowest phones still in use (320) and the common size (375),
    /// WCAG 1.4.10, and has no axe violations at a phone's, a tablet's and a desktop's width. Opened once (its data seeded
    /// once) and resized, as media queries answer a resize as they answer a load; the three axe results are reported together.
    /// </summary>
    [Theory]
    [MemberData(nameof(PageNames))]
    public async Task Page_FitsAt320And375_AndHasNoAxeViolationsAt375And768And1280(string page)
    {
        await using var context = await app.NewContextAsync(375, Heights[375]);
        var view = await context.NewPageAsync();
        await AppPages.OpenAsync(view, page);
        await AppPages.AssertFitsWidthAsync(view, page);
        await view.SetViewportSizeAsync(320, 640);
        await AppPages.AssertFitsWidthAsync(view, page);

        var failures = new List<string>();
        foreach (var (width, height) in Heights)
        {
            await view.SetViewportSizeAsync(width, height);
            var result = await view.RunAxe(WcagAa);
            await view.ScreenshotAsync(new() { Path = AppPages.ScreenshotPath(page, width), FullPage = true });
            output.WriteLine($"axe: {page} @{width}px: {result.Violations.Length} violations");
            if (result.Violations.Length > 0) failures.Add(Describe(page, width, result.Violations));
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>
    /// Every page again in German at a phone's width: a translation changes what axe reads (the lang attribute, names
    /// of links and buttons, labels that must match visible text) and what fits.
    /// </summary>
    [Theory]
    [MemberData(nameof(PageNames))]
    public async Task PageInGerman_HasNoAxeViolations(string page)
    {
        await using var language = await app.SpeakAsync("de");
        await using var context = await app.NewContextAsync(375, Heights[375]);
        var view = await context.NewPageAsync();
        await AppPages.OpenAsync(view, page);
        Assert.Equal("de", await view.EvaluateAsync<string>("() => document.documentElement.lang"));

        var result = await view.RunAxe(WcagAa);
        await view.ScreenshotAsync(new() { Path = AppPages.ScreenshotPath($"{page}-de", 375), FullPage = true });

        output.WriteLine($"axe: {page} (de) @375px: {result.Violations.Length} violations");
        Assert.True(result.Violations.Length == 0, Describe($"{page} (de)", 375, result.Violations));
    }

    private static string Describe(string page, int width, AxeResultItem[] violations) =>
        string.Join(Environment.NewLine, violations
            .SelectMany(v => v.Nodes.Select(node => $"    {node.Target}").Prepend($"- {v.Id} ({v.Impact}): {v.Help}"))
            .Prepend($"axe found {violations.Length} violation(s) on {page} @{width}px:"));
}
