using Microsoft.Playwright;

namespace CareSlot.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed class ResponsiveTests(BrowserApp app)
{
    public static TheoryData<string> PageNames { get; } = new(AppPages.Names);

    /// <summary>WCAG 1.4.10 reflow at the narrowest phones still in use (320) and the common size (375).</summary>
    [Theory]
    [MemberData(nameof(PageNames))]
    public async Task Page_DoesNotScrollSidewaysAt320And375(string page)
    {
        await using var context = await app.NewContextAsync(320, 640);
        var view = await context.NewPageAsync();
        await AppPages.OpenAsync(view, page);
        await AppPages.AssertFitsWidthAsync(view, page);

        await view.SetViewportSizeAsync(375, 812);
        await AppPages.AssertFitsWidthAsync(view, page);
    }
}
