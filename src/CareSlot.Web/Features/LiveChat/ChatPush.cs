using Microsoft.AspNetCore.SignalR;

namespace CareSlot.Web.Features.LiveChat;

/// <summary>
/// Tells the connected sides what changed, after it committed: the customer's connections (group per chat) and the
/// agents' consoles (group per agent, and all agents for the queue). Only the words of a chat's own lines pass, to the
/// chat's own two sides; nothing is logged.
/// </summary>
public sealed class ChatPush(IHubContext<LiveChatHub> hub)
{
    public const string MessageEvent = "message";
    public const string StateEvent = "state";
    public const string TypingEvent = "typing";
    public const string ReadEvent = "read";

    /// <summary>An agent's console should fetch its view again (a chat assigned or ended, the queue moved).</summary>
    public const string AgentChangedEvent = "agentChanged";

    public static string CustomerGroup(long conversationId) => $"chat:{conversationId}";

    public static string AgentGroup(Guid agentId) => $"chat-agent:{agentId:N}";

    public const string AgentsGroup = "chat-agents";

    public Task LineAsync(LineView line, Guid? agentId)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Both(line.ConversationId, agentId).SendAsync(MessageEvent, line, CancellationToken.None);
    }

    public Task TypingAsync(long conversationId, Guid? agentId, bool fromAgent) =>
        fromAgent
            ? hub.Clients.Group(CustomerGroup(conversationId)).SendAsync(TypingEvent, new { conversationId, fromAgent }, CancellationToken.None)
            : agentId is { } agent
                ? hub.Clients.Group(AgentGroup(agent)).SendAsync(TypingEvent, new { conversationId, fromAgent }, CancellationToken.None)
                : Task.CompletedTask;

    public Task ReadAsync(long conversationId, Guid? agentId, bool byAgent) =>
        byAgent
            ? hub.Clients.Group(CustomerGroup(conversationId)).SendAsync(ReadEvent, new { conversationId, byAgent }, CancellationToken.None)
            : agentId is { } agent
                ? hub.Clients.Group(AgentGroup(agent)).SendAsync(ReadEvent, new { conversationId, byAgent }, CancellationToken.None)
                : Task.CompletedTask;

    /// <summary>The chat's status for its customer (waiting with its place, active, closed).</summary>
    /// <param name="noAgentOnline">While waiting: no agent is online any more, so the widget offers the help desk too.</param>
    public Task StateAsync(long conversationId, ChatStatus status, int? position, bool noAgentOnline = false) =>
        hub.Clients.Group(CustomerGroup(conversationId))
            .SendAsync(StateEvent, new { conversationId, status = ChatDisplay.Status(status), position, noAgentOnline }, CancellationToken.None);

    public Task AgentChangedAsync(Guid agentId) =>
        hub.Clients.Group(AgentGroup(agentId)).SendAsync(AgentChangedEvent, CancellationToken.None);

    /// <summary>After the queue changed: each new assignment told to both sides, every waiting customer their new place, every console.</summary>
    public async Task QueueMovedAsync(IReadOnlyList<ChatAssignment> assignments, IReadOnlyList<QueuePlace> queue, bool noAgentOnline = false)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentNullException.ThrowIfNull(queue);
        foreach (var assignment in assignments) await StateAsync(assignment.ConversationId, ChatStatus.Active, null);
        foreach (var place in queue) await StateAsync(place.ConversationId, ChatStatus.Waiting, place.Position, noAgentOnline);
        await hub.Clients.Group(AgentsGroup).SendAsync(AgentChangedEvent, CancellationToken.None);
    }

    private IClientProxy Both(long conversationId, Guid? agentId) =>
        agentId is { } agent
            ? hub.Clients.Groups(CustomerGroup(conversationId), AgentGroup(agent))
            : hub.Clients.Group(CustomerGroup(conversationId));
}
