using CareSlot.Web.Features.HelpDesk;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.LiveChat;

/// <summary>
/// The chat's steps as the hub and the console page call them: each runs its use case (<see cref="ChatRouting"/>,
/// <see cref="ChatTalk"/>) and then tells the connected sides (<see cref="ChatPush"/>). Who may take a step is checked
/// here: a customer only in their own chat, an agent only in a chat they hold.
/// </summary>
public sealed class ChatDesk(ChatRouting routing, ChatTalk talk, ChatPush push, IOptions<ChatOptions> options, IOptions<HelpDeskOptions> helpDesk,
    Microsoft.Extensions.Localization.IStringLocalizer<LiveChatText> text)
{
    public Microsoft.Extensions.Localization.IStringLocalizer<LiveChatText> Text => text;

    /// <summary>The agent's console is still there; an agent back from silence may take what waited meanwhile.</summary>
    public async Task SeenAsync(Guid agentId, CancellationToken ct)
    {
        await routing.SeenAsync(agentId, ct);
        if (await routing.AssignWaitingAsync(ct) is { Count: > 0 } assignments) await RouteAsync(assignments);
    }

    private NodaTime.DateTimeZone Zone => helpDesk.Value.Zone;

    /// <summary>The customer's chat that has not ended, with its lines; null when there is none.</summary>
    public async Task<ChatView?> ResumeAsync(ChatCustomer customer, CancellationToken ct) =>
        await talk.OpenChatAsync(customer, ct) is { } conversation ? await ViewAsync(conversation, ct) : null;

    /// <summary>
    /// Starts a chat (or answers the one already going): routed at once to the least busy agent, else queued with its
    /// place; when no agent is online, nothing is made and the customer is offered the help desk.
    /// </summary>
    public async Task<ChatAnswer> StartAsync(ChatCustomer customer, string? name, string? email, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(customer);
        if (await talk.OpenChatAsync(customer, ct) is { } going) return new ChatAnswer(Chat: await ViewAsync(going, ct));
        if (!await routing.AnyAgentOnlineAsync(ct)) return new ChatAnswer(NoAgentOnline: true);
        var started = await talk.StartAsync(customer, name, email, ct);
        if (started.Problem is { } problem) return ChatAnswer.From(problem);
        await RouteAsync(await routing.AssignWaitingAsync(ct));
        var conversation = await talk.Db.ChatConversations.AsNoTracking().FirstAsync(c => c.Id == started.Value!.Id, ct);
        return new ChatAnswer(Chat: await ViewAsync(conversation, ct));
    }

    public async Task<ChatAnswer> SendAsCustomerAsync(ChatCustomer customer, string? message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(customer);
        if (await talk.OpenChatAsync(customer, ct) is not { } conversation) return ChatAnswer.From(talk.Ended());
        var sent = await talk.SendAsync(conversation.Id, fromAgent: false, customer.AccountId, message, ct);
        if (sent.Problem is { } problem) return ChatAnswer.From(problem);
        await push.LineAsync(ChatDisplay.Line(sent.Value!, Zone), conversation.AgentId);
        return new ChatAnswer();
    }

    public async Task TypingAsCustomerAsync(ChatCustomer customer, CancellationToken ct)
    {
        if (await talk.OpenChatAsync(customer, ct) is { Status: ChatStatus.Active } conversation)
        {
            await push.TypingAsync(conversation.Id, conversation.AgentId, fromAgent: false);
        }
    }

    public async Task ReadAsCustomerAsync(ChatCustomer customer, CancellationToken ct)
    {
        if (await talk.OpenChatAsync(customer, ct) is { } conversation)
        {
            await talk.MarkReadAsync(conversation.Id, byAgent: false, ct);
            await push.ReadAsync(conversation.Id, conversation.AgentId, byAgent: false);
        }
    }

    /// <summary>The customer ends their chat (also while it waits).</summary>
    public async Task<ChatAnswer> EndAsCustomerAsync(ChatCustomer customer, CancellationToken ct)
    {
        if (await talk.OpenChatAsync(customer, ct) is not { } conversation) return new ChatAnswer();
        await EndAsync(conversation, ct);
        return new ChatAnswer();
    }

    /// <summary>
    /// The agent goes available (taking what waits) or away; when the last online agent goes away, the customers still
    /// waiting are offered the help desk beside their place in the queue.
    /// </summary>
    public async Task<AgentView> SetAvailabilityAsync(Guid agentId, bool available, CancellationToken ct)
    {
        var assignments = await routing.SetAvailabilityAsync(agentId, available, ct);
        await push.QueueMovedAsync(assignments, await routing.QueueAsync(ct), noAgentOnline: !available && !await routing.AnyAgentOnlineAsync(ct));
        return await AgentViewAsync(agentId, ct);
    }

    public async Task<AgentView> AgentViewAsync(Guid agentId, CancellationToken ct)
    {
        var db = talk.Db;
        var online = await routing.OnlineAgents().AnyAsync(a => a.AgentId == agentId, ct);
        var waiting = await db.ChatConversations.CountAsync(c => c.Status == ChatStatus.Waiting, ct);
        var held = await db.ChatConversations.AsNoTracking().Where(c => c.AgentId == agentId && c.Status == ChatStatus.Active)
            .OrderBy(c => c.AssignedAt).ToListAsync(ct);
        var chats = new List<AgentChatView>();
        foreach (var conversation in held)
        {
            var lines = await talk.LinesAsync(conversation.Id, ct);
            chats.Add(new AgentChatView(conversation.Id, conversation.CustomerName, conversation.CustomerId is null, ChatDisplay.Status(conversation.Status),
                ChatDisplay.ReadByOtherSide(lines, writtenByAgent: true, conversation.CustomerReadAt), [.. lines.Select(l => ChatDisplay.Line(l, Zone))]));
        }
        return new AgentView(online, waiting, options.Value.MaxChatsPerAgent, chats);
    }

    public async Task<ChatAnswer> SendAsAgentAsync(Guid agentId, long conversationId, string? message, CancellationToken ct)
    {
        if (await HeldAsync(agentId, conversationId, ct) is null) return ChatAnswer.From(talk.Ended());
        var sent = await talk.SendAsync(conversationId, fromAgent: true, agentId, message, ct);
        if (sent.Problem is { } problem) return ChatAnswer.From(problem);
        await push.LineAsync(ChatDisplay.Line(sent.Value!, Zone), agentId);
        return new ChatAnswer();
    }

    public async Task TypingAsAgentAsync(Guid agentId, long conversationId, CancellationToken ct)
    {
        if (await HeldAsync(agentId, conversationId, ct) is not null) await push.TypingAsync(conversationId, agentId, fromAgent: true);
    }

    public async Task ReadAsAgentAsync(Guid agentId, long conversationId, CancellationToken ct)
    {
        if (await HeldAsync(agentId, conversationId, ct) is null) return;
        await talk.MarkReadAsync(conversationId, byAgent: true, ct);
        await push.ReadAsync(conversationId, agentId, byAgent: true);
    }

    public async Task<ChatAnswer> EndAsAgentAsync(Guid agentId, long conversationId, CancellationToken ct)
    {
        if (await HeldAsync(agentId, conversationId, ct) is not { } conversation) return ChatAnswer.From(talk.Ended());
        await EndAsync(conversation, ct);
        return new ChatAnswer();
    }

    private Task<ChatConversation?> HeldAsync(Guid agentId, long conversationId, CancellationToken ct) =>
        talk.Db.ChatConversations.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == conversationId && c.AgentId == agentId && c.Status == ChatStatus.Active, ct);

    private async Task EndAsync(ChatConversation conversation, CancellationToken ct)
    {
        var (closed, assignments) = await routing.CloseAsync(conversation.Id, ct);
        if (!closed) return;
        await push.StateAsync(conversation.Id, ChatStatus.Closed, null);
        if (conversation.AgentId is { } agent) await push.AgentChangedAsync(agent);
        await push.QueueMovedAsync(assignments, await routing.QueueAsync(ct));
    }

    private async Task RouteAsync(IReadOnlyList<ChatAssignment> assignments) =>
        await push.QueueMovedAsync(assignments, await routing.QueueAsync(CancellationToken.None));

    private async Task<ChatView> ViewAsync(ChatConversation conversation, CancellationToken ct)
    {
        var lines = await talk.LinesAsync(conversation.Id, ct);
        var position = conversation.Status == ChatStatus.Waiting ? await routing.PositionAsync(conversation.Id, ct) : null;
        return new ChatView(conversation.Id, ChatDisplay.Status(conversation.Status), position,
            ChatDisplay.ReadByOtherSide(lines, writtenByAgent: false, conversation.AgentReadAt), [.. lines.Select(l => ChatDisplay.Line(l, Zone))]);
    }
}
