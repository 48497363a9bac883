using System.Net;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.LiveChat;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.LiveChat;

public sealed class LiveChatPagesTestsOnSqlite(SqliteApp app) : LiveChatPagesTests(app), IClassFixture<SqliteApp>;

public sealed class LiveChatPagesTestsOnPostgres(PostgresApp app) : LiveChatPagesTests(app), IClassFixture<PostgresApp>;

/// <summary>The chat's pages without JavaScript: the widget's fall-back link, kept transcripts and who reads them, the console's presence forms.</summary>
public abstract class LiveChatPagesTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Payload = "<img src=x onerror=window.__xss=1>";

    /// <summary>A patient's ended chat with an agent, with a line from each side.</summary>
    private async Task<(ApiUser Patient, ApiUser Agent, long ChatId)> EndedChatAsync()
    {
        await app.ResetChatsAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var agent = await app.CreateApiUserAsync(Roles.Support, multiFactor: true);
        var customer = new ChatCustomer(patient.Id, null);
        var chatId = await app.WithChatAsync(async (desk, _, _) =>
        {
            await desk.SetAvailabilityAsync(agent.Id, available: true, Ct);
            var started = await desk.StartAsync(customer, null, null, Ct);
            Assert.Null((await desk.SendAsCustomerAsync(customer, Payload, Ct)).Error);
            // Lines are in time order; two in the same instant would fall back on their ids, random within a millisecond.
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Null((await desk.SendAsAgentAsync(agent.Id, started.Chat!.Id, "Hello, how can I help?", Ct)).Error);
            Assert.Null((await desk.EndAsAgentAsync(agent.Id, started.Chat.Id, Ct)).Error);
            await desk.SetAvailabilityAsync(agent.Id, available: false, Ct);
            return started.Chat.Id;
        });
        return (patient, agent, chatId);
    }

    [Fact]
    public async Task Transcripts_TheCustomerReadsTheirOwn_OthersGet404_AgentsReadAnyAudited_WordsAsText()
    {
        var (patient, agent, chatId) = await EndedChatAsync();

        var list = await (await patient.Client.GetAsync(new Uri("/help/chats", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.NotNull(list.QuerySelector($"a[href='/help/chats/{chatId}']"));
        var own = await patient.Client.GetAsync(new Uri($"/help/chats/{chatId}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var page = await own.ReadHtmlAsync();
        var bodies = page.QuerySelectorAll(".message__body").Select(b => b.TextContent).ToList();
        Assert.Equal([Payload, "Hello, how can I help?"], bodies);
        Assert.Null(page.QuerySelector("main img"));

        var other = (await app.CreatePatientsAsync(1))[0];
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync(new Uri($"/help/chats/{chatId}", UriKind.Relative), Ct)).StatusCode);
        Assert.Null((await (await other.Client.GetAsync(new Uri("/help/chats", UriKind.Relative), Ct)).ReadHtmlAsync()).QuerySelector($"a[href='/help/chats/{chatId}']"));
        Assert.Equal(HttpStatusCode.NotFound, (await patient.Client.GetAsync(new Uri($"/support/chat/{chatId}", UriKind.Relative), Ct)).StatusCode);

        var forAgent = await (await agent.Client.GetAsync(new Uri($"/support/chat/{chatId}", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal([Payload, "Hello, how can I help?"], forAgent.QuerySelectorAll(".message__body").Select(b => b.TextContent));
        Assert.Contains(AuditActions.ChatTranscriptRead,
            await app.WithDbAsync(db => db.AuditTrail.AsNoTracking().Where(e => e.Record == $"chat {chatId}").Select(e => e.Action).ToListAsync(Ct)));
        Assert.Equal(HttpStatusCode.NotFound, (await agent.Client.GetAsync(new Uri("/support/chat/999999999", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task Console_GoesAvailableAndAway_WithoutJavaScript()
    {
        await app.ResetChatsAsync();
        var agent = await app.SignInAsync(Caller.Support);
        Assert.Equal(HttpStatusCode.Redirect, (await agent.Browser.PostPageAsync("/support/chat?handler=Available")).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.ChatAgents.Select(a => a.Available).SingleAsync(Ct)));
        var console = await (await agent.Browser.GetAsync(new Uri("/support/chat", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Contains("You are available", console.QuerySelector("#chat-presence")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await agent.Browser.PostPageAsync("/support/chat?handler=Away")).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.ChatAgents.Select(a => a.Available).SingleAsync(Ct)));
    }

    [Fact]
    public async Task EveryPage_OffersChatAsALinkToTheHelpDesk_AndTheVisitorKeyIsKept()
    {
        var home = await (await app.CreateClient().GetAsync(new Uri("/", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal("/help/tickets/new", home.QuerySelector("footer a#chat-launcher")?.GetAttribute("href"));
        Assert.NotNull(home.QuerySelector("template#chat-template"));
        Assert.NotNull(home.QuerySelector("script[src^='/js/chat']"));
        // No inline script: the panel is a template, its words in data attributes.
        Assert.All(home.QuerySelectorAll("script"), script => Assert.False(string.IsNullOrEmpty(script.GetAttribute("src"))));

        var browser = app.CreateBrowserClient();
        var first = await browser.PostAsync(new Uri("/api/v1/chat/visitor-key", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Contains(first.Headers, h => h.Key == "Set-Cookie");
        // The browser has a key now: it keeps it (a new one would lose the chat going on).
        var second = await browser.PostAsync(new Uri("/api/v1/chat/visitor-key", UriKind.Relative), null, Ct);
        Assert.DoesNotContain(second.Headers, h => h.Key == "Set-Cookie");
        // Signed in, the account is the key.
        var patient = (await app.CreatePatientsAsync(1))[0];
        Assert.DoesNotContain((await patient.Client.PostAsync(new Uri("/api/v1/chat/visitor-key", UriKind.Relative), null, Ct)).Headers, h => h.Key == "Set-Cookie");
    }
}
