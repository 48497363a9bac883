using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CareSlot.BrowserTests;

/// <summary>
/// A visitor finds help from the footer, searches the FAQ and says an answer helped; an administrator writes an entry whose
/// Markdown carries script in three disguises, and the FAQ shows it without running any. The pages' axe and width checks
/// are <see cref="AccessibilityTests"/>, through <see cref="AppPages"/>.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class HelpJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task VisitorOpensHelpFromTheFooter_SearchesTheFaq_VotesHelpful()
    {
        await using var context = await app.NewContextAsync(375, 800);
        var visitor = await context.NewPageAsync();
        await visitor.GotoAsync("/");

        await AppPages.ClickAndLoadAsync(visitor, visitor.Locator("footer").GetByRole(AriaRole.Link, new() { Name = "Help and contact" }));
        await Expect(visitor.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Help and contact");
        await Expect(visitor.Locator("main a[href^='tel:']")).ToBeVisibleAsync();
        await Expect(visitor.Locator("main a[href^='mailto:']")).ToBeVisibleAsync();

        await visitor.GetByLabel("Search the FAQ").FillAsync("cancel appointment");
        await AppPages.ClickAndLoadAsync(visitor, visitor.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Search" }));
        Assert.Equal("/help/faq", new Uri(visitor.Url).AbsolutePath);
        var first = visitor.Locator("article.faq-entry").First;
        await Expect(first.Locator("h3")).ToHaveTextAsync("How do I cancel or move an appointment?");

        var helpful = first.GetByRole(AriaRole.Button, new() { Name = "Yes, this answer helped" });
        await Expect(helpful).ToBeVisibleAsync();
        await AppPages.ClickAndLoadAsync(visitor, helpful);
        await Expect(visitor.GetByRole(AriaRole.Status)).ToHaveTextAsync("Thank you for telling us.");
        // Back on the same search, at the same question.
        Assert.Contains("q=cancel", visitor.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminWritesAnEntryWithScript_TheFaqShowsItWithoutRunningIt()
    {
        var word = "Xsafe" + Guid.NewGuid().ToString("N")[..6];
        await using var context = await app.NewContextAsync(1280, 900);
        var admin = await context.NewPageAsync();
        await AppPages.SignInWithTwoFactorAsync(admin, await app.CreateAdminLoginAsync());
        await admin.GotoAsync("/admin");
        await AppPages.ClickAndLoadAsync(admin, admin.GetByRole(AriaRole.Link, new() { Name = "Frequently asked questions" }).First);
        await AppPages.ClickAndLoadAsync(admin, admin.GetByRole(AriaRole.Link, new() { Name = "Add an entry" }));

        await admin.GetByLabel("Topic").FillAsync("Security");
        await admin.GetByLabel("Question").FillAsync($"Is {word} safe?");
        await admin.GetByLabel("Answer (Markdown)").FillAsync(
            "Yes, **quite**.\n\n<script>window.__xss=1</script>\n\n[x](javascript:window.__xss=1)\n\n<img src=x onerror=window.__xss=1>");
        await admin.GetByLabel("Published: visitors see it").CheckAsync();
        await AppPages.ClickAndLoadAsync(admin, admin.GetByRole(AriaRole.Button, new() { Name = "Preview" }));
        await Expect(admin.Locator(".faq-preview strong")).ToHaveTextAsync("quite");
        await AppPages.ClickAndLoadAsync(admin, admin.GetByRole(AriaRole.Button, new() { Name = "Save the entry" }));
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("The entry is saved.");
        Assert.Null(await admin.EvaluateAsync<object?>("() => window.__xss"));

        foreach (var javaScript in new[] { true, false })
        {
            await using var visitorContext = await app.NewContextAsync(768, 900, javaScriptEnabled: javaScript);
            var visitor = await visitorContext.NewPageAsync();
            await visitor.GotoAsync($"/help/faq?q={word}");
            var entry = visitor.Locator("article.faq-entry");
            await Expect(entry).ToHaveCountAsync(1);
            await Expect(entry.Locator("strong")).ToHaveTextAsync("quite");
            // The raw HTML shows as text, the javascript: link has no target, nothing ran.
            await Expect(entry).ToContainTextAsync("<script>window.__xss=1</script>");
            await Expect(entry.Locator("script, img, [onerror]")).ToHaveCountAsync(0);
            await Expect(entry.Locator("a[href^='javascript']")).ToHaveCountAsync(0);
            if (javaScript)
            {
                await entry.GetByText("x", new() { Exact = true }).ClickAsync();
                Assert.Null(await visitor.EvaluateAsync<object?>("() => window.__xss"));
            }
        }
    }
}
