using System.Net;
using System.Threading.Channels;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.LiveChat;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CareSlot.Web.Tests.Features.LiveChat;

public sealed class LiveChatHubTestsOnSqlite(SqliteApp app) : LiveChatHubTests(app), IClassFixture<SqliteApp>;

public sealed class LiveChatHubTestsOnPostgres(PostgresApp app) : LiveChatHubTests(app), IClassFixture<PostgresApp>;

/// <summary>The chat through its hub, as the widget and the console use it: a real SignalR client over long polling.</summary>
public abstract class LiveChatHubTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<ChatClient> ConnectAsync(string? bearer = null, string? cookie = null) => app.ConnectToChatAsync(bearer, cookie);

    /// <summary>The visitor's key cookie, as the widget gets it before a visitor's first chat.</summary>
    private async Task<string> VisitorCookieAsync()
    {
        var response = await app.CreateClient().PostAsync(new Uri("/api/v1/chat/visitor-key", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        return setCookie.Split(';')[0];
    }

    private static string? Token(ApiUser user) => user.Client.DefaultRequestHeaders.Authorization?.Parameter;

    [Fact]
    public async Task VisitorAndAgent_ExchangeMessages_WithTypingAndRead_AndAnotherVisitorReadsNothing()
    {
        await app.ResetChatsAsync();
        var agentUser = await app.CreateApiUserAsync(Roles.Support, multiFactor: true);
        await using var agent = await ConnectAsync(bearer: Token(agentUser));
        var console = await agent.Connection.InvokeAsync<AgentView>("GoAvailable", Ct);
        Assert.True(console.Available);
        Assert.Empty(console.Chats);

        var cookie = await VisitorCookieAsync();
        await using var visitor = await ConnectAsync(cookie: cookie);
        Assert.Null((await visitor.Connection.InvokeAsync<ChatAnswer>("Resume", Ct)).Chat);
        var started = await visitor.Connection.InvokeAsync<ChatAnswer>("Start", "Vera Visitor", "vera@example.org", Ct);
        Assert.Equal("active", started.Chat?.Status);
        var chatId = started.Chat!.Id;
        await agent.NextAsync(ChatPush.AgentChangedEvent);
        var held = Assert.Single((await agent.Connection.InvokeAsync<AgentView>("AgentState", Ct)).Chats);
        Assert.Equal((chatId, "Vera Visitor", true), (held.Id, held.CustomerName, held.Visitor));

        const string Payload = "<img src=x onerror=window.__xss=1>";
        await visitor.Connection.InvokeAsync("Typing", Ct);
        Assert.False((await agent.NextAsync(ChatPush.TypingEvent)).GetProperty("fromAgent").GetBoolean());
        Assert.Null((await visitor.Connection.InvokeAsync<ChatAnswer>("Send", Payload, Ct)).Error);
        var atAgent = await agent.NextAsync(ChatPush.MessageEvent);
        Assert.Equal((Payload, false, chatId), (atAgent.GetProperty("text").GetString(), atAgent.GetProperty("fromAgent").GetBoolean(), atAgent.GetProperty("conversationId").GetInt64()));

        await agent.Connection.InvokeAsync("AgentRead", chatId, Ct);
        Assert.True((await visitor.NextAsync(ChatPush.ReadEvent)).GetProperty("byAgent").GetBoolean());
        await agent.Connection.InvokeAsync("AgentTyping", chatId, Ct);
        Assert.True((await visitor.NextAsync(ChatPush.TypingEvent)).GetProperty("fromAgent").GetBoolean());
        Assert.Null((await agent.Connection.InvokeAsync<ChatAnswer>("AgentSend", chatId, "Hello Vera, how can I help?", Ct)).Error);
        Assert.Equal("Hello Vera, how can I help?", (await visitor.NextAsync(ChatPush.MessageEvent, m => m.GetProperty("fromAgent").GetBoolean())).GetProperty("text").GetString());
        await visitor.Connection.InvokeAsync("Read", Ct);
        Assert.False((await agent.NextAsync(ChatPush.ReadEvent)).GetProperty("byAgent").GetBoolean());

        // A refusal is an answer the widget shows; the connection stays up.
        var empty = await visitor.Connection.InvokeAsync<ChatAnswer>("Send", "   ", Ct);
        Assert.Equal("message", empty.Field);
        Assert.Equal(HubConnectionState.Connected, visitor.Connection.State);

        // Another visitor (their own key) and a visitor without any key see nothing of it and cannot write in it.
        await using var stranger = await ConnectAsync(cookie: await VisitorCookieAsync());
        Assert.Null((await stranger.Connection.InvokeAsync<ChatAnswer>("Resume", Ct)).Chat);
        Assert.NotNull((await stranger.Connection.InvokeAsync<ChatAnswer>("Send", "Let me in", Ct)).Error);
        await using var keyless = await ConnectAsync();
        Assert.NotNull((await keyless.Connection.InvokeAsync<ChatAnswer>("Start", "Eve", "eve@example.org", Ct)).Error);
        // The agent's own messages still go only to Vera.
        await agent.Connection.InvokeAsync<ChatAnswer>("AgentSend", chatId, "Only for Vera", Ct);
        await visitor.NextAsync(ChatPush.MessageEvent, m => m.GetProperty("text").GetString() == "Only for Vera");
        Assert.False(stranger.Events.Reader.TryPeek(out _));
        Assert.False(keyless.Events.Reader.TryPeek(out _));

        // The agent ends the chat: the visitor is told, the transcript stays (sealed) with both lines.
        Assert.Null((await agent.Connection.InvokeAsync<ChatAnswer>("AgentEnd", chatId, Ct)).Error);
        Assert.Equal("closed", (await visitor.NextAsync(ChatPush.StateEvent, s => s.GetProperty("status").GetString() == "closed")).GetProperty("status").GetString());
        Assert.Equal(3, await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.ChatMessages, m => m.ConversationId == chatId, Ct)));
    }

    [Fact]
    public async Task SignedInPatient_ChatsAsThemselves_ButCannotCallAgentMethods()
    {
        await app.ResetChatsAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        await using var connection = await ConnectAsync(bearer: Token(patient));
        foreach (var agentMethod in new[] { "GoAvailable", "AgentState", "Heartbeat" })
        {
            await Assert.ThrowsAsync<HubException>(() => connection.Connection.InvokeAsync<AgentView>(agentMethod, Ct));
        }
        await Assert.ThrowsAsync<HubException>(() => connection.Connection.InvokeAsync<ChatAnswer>("AgentSend", 1L, "hi", Ct));
        Assert.Equal(HubConnectionState.Connected, connection.Connection.State);
        // An administrator without a second factor is no agent either.
        var admin = await app.CreateApiUserAsync(Roles.Admin, multiFactor: false);
        await using var adminConnection = await ConnectAsync(bearer: Token(admin));
        await Assert.ThrowsAsync<HubException>(() => adminConnection.Connection.InvokeAsync<AgentView>("GoAvailable", Ct));

        // Nobody online: the patient is offered the help desk; with an agent, the chat is theirs, under their account.
        Assert.True((await connection.Connection.InvokeAsync<ChatAnswer>("Start", null, null, Ct)).NoAgentOnline);
        await app.AvailableAgentAsync();
        var started = await connection.Connection.InvokeAsync<ChatAnswer>("Start", null, null, Ct);
        Assert.Equal("active", started.Chat?.Status);
        Assert.Equal(patient.Id, await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            System.Linq.Queryable.Select(db.ChatConversations, c => c.CustomerId), Ct)));
    }

    [Fact]
    public async Task WaitingVisitors_AreToldTheirPlace_AsTheQueueMoves_AndWhenNoAgentIsLeft()
    {
        await app.ResetChatsAsync();
        var agent = await app.AvailableAgentAsync();
        // The agent's three seats taken (the cap), so the next chats wait.
        for (var i = 0; i < 3; i++) await app.StartAsVisitorAsync(LiveChatTestKit.NewVisitor());

        await using var first = await ConnectAsync(cookie: await VisitorCookieAsync());
        await using var second = await ConnectAsync(cookie: await VisitorCookieAsync());
        var firstChat = (await first.Connection.InvokeAsync<ChatAnswer>("Start", "Fred First", "fred@example.org", Ct)).Chat!;
        var secondChat = (await second.Connection.InvokeAsync<ChatAnswer>("Start", "Sue Second", "sue@example.org", Ct)).Chat!;
        Assert.Equal([("waiting", 1), ("waiting", 2)], new[] { (firstChat.Status, firstChat.Position ?? 0), (secondChat.Status, secondChat.Position ?? 0) });

        // One of the agent's chats ends: the first visitor is theirs now, the second moves up to first place.
        var held = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
            System.Linq.Queryable.Select(System.Linq.Queryable.Where(db.ChatConversations, c => c.AgentId == agent && c.Status == ChatStatus.Active), c => c.Id), Ct));
        await app.WithChatAsync((desk, _, _) => desk.EndAsAgentAsync(agent, held, Ct));
        await first.NextAsync(ChatPush.StateEvent, s => s.GetProperty("status").GetString() == "active");
        var moved = await second.NextAsync(ChatPush.StateEvent, s => s.GetProperty("position").ValueKind == System.Text.Json.JsonValueKind.Number);
        Assert.Equal(("waiting", 1), (moved.GetProperty("status").GetString(), moved.GetProperty("position").GetInt32()));

        // The last agent goes away: the one still waiting is offered the help desk beside their place.
        await app.WithChatAsync((desk, _, _) => desk.SetAvailabilityAsync(agent, available: false, Ct));
        var alone = await second.NextAsync(ChatPush.StateEvent, s => s.GetProperty("noAgentOnline").GetBoolean());
        Assert.Equal(1, alone.GetProperty("position").GetInt32());
    }
}
