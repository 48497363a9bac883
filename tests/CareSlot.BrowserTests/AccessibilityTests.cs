namespace CareSlot.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed class AccessibilityTests(BrowserApp app, ITestOutputHelper output)
{
    private static readonly Dictionary<int, int> Heights = new() { [375] = 812, [768] = 1024, [1280] = 800 };

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
            var violations = await AxeCheck.WcagAaViolationsAsync(view);
            await view.ScreenshotAsync(new() { Path = AppPages.ScreenshotPath(page, width), FullPage = true });
            output.WriteLine($"axe: {page} @{width}px: {violations.Length} violations");
            if (violations.Length > 0) failures.Add(AxeCheck.Describe(page, width, violations));
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

        var violations = await AxeCheck.WcagAaViolationsAsync(view);
        await view.ScreenshotAsync(new() { Path = AppPages.ScreenshotPath($"{page}-de", 375), FullPage = true });

        output.WriteLine($"axe: {page} (de) @375px: {violations.Length} violations");
        Assert.True(violations.Length == 0, AxeCheck.Describe($"{page} (de)", 375, violations));
    }

    /// <summary>The check itself: a page that breaks two rules is reported with both, and with the elements that break them.</summary>
    [Fact]
    public async Task AxeCheck_ReportsViolationsWithTheirElements()
    {
        await using var context = await app.NewContextAsync(375, Heights[375]);
        var view = await context.NewPageAsync();
        await view.SetContentAsync("""<html lang="en"><head><title>t</title></head><body><main><img id="photo" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p style="color:#bbb;background:#fff">faint</p></main></body></html>""");

        var violations = await AxeCheck.WcagAaViolationsAsync(view);

        Assert.Contains(violations, v => v.Id == "image-alt" && v.Targets.Contains("#photo"));
        Assert.Contains(violations, v => v.Id == "color-contrast");
    }
}
