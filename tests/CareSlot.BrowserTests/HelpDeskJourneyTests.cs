using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CareSlot.BrowserTests;

/// <summary>
/// A visitor asks for help from the footer, an agent answers from the queue, and the answer arrives by e-mail with a link
/// back to the request; script in what the visitor wrote runs nowhere. The pages' axe and width checks are
/// <see cref="AccessibilityTests"/>, through <see cref="AppPages"/>.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed partial class HelpDeskJourneyTests(BrowserApp app)
{
    private const string Payload = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=1\">";

    [Fact]
    public async Task VisitorAsks_AgentAnswers_TheAnswerArrivesByEmail_AndTheirScriptNeverRuns()
    {
        var email = $"visitor-{Guid.NewGuid():N}@example.org";
        await using var visitorContext = await app.NewContextAsync(375, 800);
        var visitor = await visitorContext.NewPageAsync();
        await visitor.GotoAsync("/");
        await AppPages.ClickAndLoadAsync(visitor, visitor.GetByRole(AriaRole.Link, new() { Name = "Ask for help with CareSlot" }));
        await visitor.GetByLabel("Your name").FillAsync("Vera Visitor");
        await visitor.GetByLabel("Your e-mail address").FillAsync(email);
        await visitor.GetByLabel("What is it about?").SelectOptionAsync(new SelectOptionValue { Label = "Booking" });
        await visitor.GetByLabel("Subject").FillAsync("Lost booking " + Payload);
        await visitor.GetByLabel("Your message").FillAsync("It was there yesterday. " + Payload);
        await AppPages.ClickAndLoadAsync(visitor, AppPages.SubmitButton(visitor));
        await Expect(visitor.GetByRole(AriaRole.Status)).ToContainTextAsync("has been sent");
        await Expect(visitor.Locator("#ticket-posts")).ToContainTextAsync("It was there yesterday. " + Payload);
        await NoScriptRanAsync(visitor);
        var reference = ReferenceIn().Match(await visitor.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync()).Value;
        var received = await app.WaitForEmailAsync(email, $"[CareSlot {reference}] Lost booking");
        Assert.Contains("/help/tickets/", received.TextBody, StringComparison.Ordinal);

        await using (var agentContext = await app.NewContextAsync(1280, 800))
        {
            var agent = await agentContext.NewPageAsync();
            await AppPages.SignInWithTwoFactorAsync(agent, await app.CreateAdminLoginAsync());
            await AppPages.ClickAndLoadAsync(agent, agent.GetByRole(AriaRole.Link, new() { Name = "Support queue" }));
            await NoScriptRanAsync(agent);
            await AppPages.ClickAndLoadAsync(agent, agent.Locator($"table a[href='/support/tickets/{reference[1..]}']"));
            await Expect(agent.Locator("#ticket-posts")).ToContainTextAsync("It was there yesterday.");
            await NoScriptRanAsync(agent);
            await agent.GetByLabel("Message").FillAsync("Your visit was moved to 10:00 by the clinic.");
            await AppPages.ClickAndLoadAsync(agent, agent.Locator("form[action*='handler=Answer'] button[type=submit]"));
            await Expect(agent.GetByRole(AriaRole.Status)).ToContainTextAsync("The answer has been sent to the requester.");
        }

        var answer = await app.WaitForEmailAsync(email, $"[CareSlot {reference}] Re: Lost booking");
        Assert.Contains("Your visit was moved to 10:00 by the clinic.", answer.TextBody, StringComparison.Ordinal);
        var link = AnswerLink().Match(answer.TextBody ?? "");
        Assert.True(link.Success, answer.TextBody);
        await visitor.GotoAsync(link.Value);
        await Expect(visitor.Locator("#ticket-posts")).ToContainTextAsync("Your visit was moved to 10:00 by the clinic.");
        await Expect(visitor.Locator(".facts")).ToContainTextAsync("Waiting for the requester");
        await NoScriptRanAsync(visitor);
    }

    private static async Task NoScriptRanAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"), $"A script from the request ran on {page.Url}.");

    [GeneratedRegex(@"#\d+")]
    private static partial Regex ReferenceIn();

    [GeneratedRegex(@"https?://\S+/help/tickets/\d+\?key=\S+")]
    private static partial Regex AnswerLink();
}
