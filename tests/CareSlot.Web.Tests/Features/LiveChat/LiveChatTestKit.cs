using System.Text.Json;
using System.Threading.Channels;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.LiveChat;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Features.LiveChat;

public static class LiveChatTestKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>No chats and no agents: routing reads the whole table (who is online, the queue), so each test starts empty.</summary>
    public static Task ResetChatsAsync(this CareSlotApp app) =>
        app.WithDbAsync(async db =>
        {
            await db.ChatConversations.ExecuteDeleteAsync(Ct);
            return await db.ChatAgents.ExecuteDeleteAsync(Ct);
        });

    /// <summary>Runs <paramref name="action"/> with the chat's use cases of a scope of its own, as one request would.</summary>
    public static async Task<T> WithChatAsync<T>(this CareSlotApp app, Func<ChatDesk, ChatRouting, ChatTalk, Task<T>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        return await action(services.GetRequiredService<ChatDesk>(), services.GetRequiredService<ChatRouting>(), services.GetRequiredService<ChatTalk>());
    }

    public static async Task<Guid> AvailableAgentAsync(this CareSlotApp app)
    {
        var agent = await app.CreateApiUserAsync(Roles.Support, multiFactor: true);
        await app.WithChatAsync((desk, _, _) => desk.SetAvailabilityAsync(agent.Id, available: true, Ct));
        return agent.Id;
    }

    /// <summary>An agent who is available, written straight into the table: nothing is routed to them yet.</summary>
    public static async Task<Guid> PresentAgentAsync(this CareSlotApp app)
    {
        var agent = await app.CreateApiUserAsync(Roles.Support, multiFactor: true);
        await app.WithDbAsync(db =>
        {
            db.ChatAgents.Add(new ChatAgent(agent.Id, available: true, NodaTime.Instant.FromDateTimeOffset(app.Clock.GetUtcNow())));
            return db.SaveChangesAsync(Ct);
        });
        return agent.Id;
    }

    public static ChatCustomer NewVisitor() => new(null, ChatCustomer.Hash(ChatCustomer.NewVisitorKey()));

    public static async Task<ChatView> StartAsVisitorAsync(this CareSlotApp app, ChatCustomer visitor)
    {
        var answer = await app.WithChatAsync((desk, _, _) => desk.StartAsync(visitor, "Vera Visitor", "vera@example.org", Ct));
        Assert.Null(answer.Error);
        return Assert.IsType<ChatView>(answer.Chat);
    }

    public static Task<Dictionary<Guid, int>> LoadByAgentAsync(this CareSlotApp app) =>
        app.WithDbAsync(db => db.ChatAgents.AsNoTracking().ToDictionaryAsync(a => a.AgentId, a => a.ActiveChats, Ct));

    /// <summary>Connects to the chat hub as the widget and the console do (a real SignalR client over long polling), recording every event.</summary>
    public static async Task<ChatClient> ConnectToChatAsync(this CareSlotApp app, string? bearer = null, string? cookie = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "hubs/chat"), options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                if (bearer is not null) options.AccessTokenProvider = () => Task.FromResult<string?>(bearer);
                if (cookie is not null) options.Headers["Cookie"] = cookie;
            })
            .Build();
        var client = new ChatClient(connection);
        foreach (var name in new[] { ChatPush.MessageEvent, ChatPush.StateEvent, ChatPush.TypingEvent, ChatPush.ReadEvent })
        {
            connection.On<JsonElement>(name, payload => client.Events.Writer.TryWrite((name, payload)));
        }
        connection.On(ChatPush.AgentChangedEvent, () => client.Events.Writer.TryWrite((ChatPush.AgentChangedEvent, default)));
        await connection.StartAsync(Ct);
        return client;
    }
}

/// <summary>A chat hub connection and every event it received, in order, as (event, payload).</summary>
public sealed class ChatClient(HubConnection connection) : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public HubConnection Connection { get; } = connection;

    public Channel<(string Event, JsonElement Payload)> Events { get; } = Channel.CreateUnbounded<(string, JsonElement)>();

    /// <summary>The next event of that name (and matching <paramref name="where"/>), skipping others; fails after 20 s.</summary>
    public async Task<JsonElement> NextAsync(string name, Func<JsonElement, bool>? where = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Patience);
        while (true)
        {
            var (received, payload) = await Events.Reader.ReadAsync(timeout.Token);
            if (received == name && (where is null || where(payload))) return payload;
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
