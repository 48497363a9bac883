using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CareSlot.BrowserTests;

/// <summary>
/// A patient chats with a support agent, each in their own browser context: the agent goes available, the patient opens the
/// chat with the keyboard alone and writes script, which both sides see as text and which runs nowhere; typing and read
/// show on the other side; the transcript stays afterwards. The pages' axe and width checks are <see cref="AccessibilityTests"/>.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class LiveChatJourneyTests(BrowserApp app)
{
    private const string Payload = "<img src=x onerror=window.__xss=1>";

    [Fact]
    public async Task PatientChatsWithAnAgent_ByKeyboard_TypingAndReadShow_ScriptNeverRuns_TranscriptKept()
    {
        await app.SendAllChatAgentsAwayAsync();
        await using var agentContext = await app.NewContextAsync(1280, 800);
        var agent = await agentContext.NewPageAsync();
        await AppPages.SignInWithTwoFactorAsync(agent, await app.CreateAdminLoginAsync());
        await agent.GotoAsync("/support/chat");
        await AppPages.ClickAndLoadAsync(agent, agent.GetByRole(AriaRole.Button, new() { Name = "Go available" }));
        await Expect(agent.Locator("#chat-presence")).ToContainTextAsync("You are available");
        await Expect(agent.Locator("#chat-console[data-live=true]")).ToBeAttachedAsync();

        await using var patientContext = await app.NewContextAsync(375, 800);
        var patient = await patientContext.NewPageAsync();
        await AppPages.SignInAsync(patient, await app.CreatePatientAsync(), BookingFixtures.Password);
        await patient.GotoAsync("/");

        // Keyboard only: Tab to the footer's "Chat with us", Enter opens the panel with the focus on its heading.
        await TabToAsync(patient, "#chat-launcher");
        await patient.Keyboard.PressAsync("Enter");
        await Expect(patient.GetByRole(AriaRole.Dialog, new() { Name = "Chat with us" })).ToBeVisibleAsync();
        await Expect(patient.Locator("#chat-title")).ToBeFocusedAsync();
        await Expect(patient.Locator("#chat-panel")).ToContainTextAsync("This conversation is saved");
        await Expect(patient.Locator("#chat-panel[data-live=true]")).ToBeAttachedAsync();
        await TabToAsync(patient, "[data-chat-start] button[type=submit]");
        await patient.Keyboard.PressAsync("Enter");
        await Expect(patient.Locator("#chat-status")).ToContainTextAsync("You are chatting with CareSlot support");
        await Expect(patient.Locator("#chat-message")).ToBeFocusedAsync();

        // The agent's console shows the new chat; the patient's typing shows there, then the script arrives as text.
        var pane = agent.Locator(".chat-pane").Last;
        await Expect(pane).ToBeVisibleAsync();
        await patient.Keyboard.TypeAsync(Payload);
        await Expect(pane).ToContainTextAsync("is typing");
        await patient.Keyboard.PressAsync("Enter");
        await Expect(pane.Locator(".message__body").Last).ToHaveTextAsync(Payload);
        await Expect(patient.Locator("#chat-log .message__body").Last).ToHaveTextAsync(Payload);
        Assert.Equal(0, await pane.Locator("img").CountAsync());
        Assert.Equal(0, await patient.Locator("#chat-log img").CountAsync());

        // The agent reads (their answer field takes the focus) and answers; the patient sees "read", "typing…" and the answer.
        var answer = pane.GetByRole(AriaRole.Textbox);
        await answer.FocusAsync();
        await Expect(patient.Locator("#chat-read")).ToHaveTextAsync("Read");
        await answer.PressSequentiallyAsync("Hello! How can I help?");
        await Expect(patient.Locator("#chat-activity")).ToContainTextAsync("Support is typing");
        await answer.PressAsync("Enter");
        await Expect(patient.Locator("#chat-log .message__body").Last).ToHaveTextAsync("Hello! How can I help?");
        // The patient's panel is open and in view, so the answer counts as read on the agent's side.
        await Expect(pane.GetByText("Read", new() { Exact = true })).ToBeVisibleAsync();

        await NoScriptRanAsync(agent);
        await NoScriptRanAsync(patient);

        // Escape closes the panel and gives the focus back to "Chat with us".
        await patient.Locator("#chat-message").FocusAsync();
        await patient.Keyboard.PressAsync("Escape");
        await Expect(patient.Locator("#chat-panel")).ToBeHiddenAsync();
        await Expect(patient.Locator("#chat-launcher")).ToBeFocusedAsync();

        // The agent ends the chat; the transcript stays with the patient's account, and in the agents' list.
        await pane.GetByRole(AriaRole.Button, new() { Name = "End the chat" }).ClickAsync();
        await Expect(agent.Locator("#chat-panes")).ToContainTextAsync("You hold no chats now.");
        await patient.GotoAsync("/help/chats");
        await AppPages.ClickAndLoadAsync(patient, patient.GetByRole(AriaRole.Main).Locator(".card a").First);
        await Expect(patient.GetByRole(AriaRole.Main).Locator(".message__body").First).ToHaveTextAsync(Payload);
        await Expect(patient.GetByRole(AriaRole.Main)).ToContainTextAsync("Hello! How can I help?");
        await NoScriptRanAsync(patient);
        await agent.GotoAsync("/support/chat");
        await AppPages.ClickAndLoadAsync(agent, agent.Locator("table a").First);
        await Expect(agent.GetByRole(AriaRole.Main).Locator(".message__body").First).ToHaveTextAsync(Payload);
        await NoScriptRanAsync(agent);
        await agent.GotoAsync("/support/chat");
        await AppPages.ClickAndLoadAsync(agent, agent.GetByRole(AriaRole.Button, new() { Name = "Go away" }));
    }

    /// <summary>Presses Tab until <paramref name="selector"/> has the focus, as a keyboard user would.</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 80; i++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) === true", selector)) return;
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"Tab never reached {selector} on {page.Url}.");
    }

    private static async Task NoScriptRanAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"), $"A script from the chat ran on {page.Url}.");
}
