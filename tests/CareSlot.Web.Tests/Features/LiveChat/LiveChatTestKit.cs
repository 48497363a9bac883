using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.LiveChat;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
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
}
