using CareSlot.Web.Features.Consents;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Features.LiveChat;

/// <summary>A waiting chat handed to an agent by <see cref="ChatRouting.AssignWaitingAsync"/>.</summary>
public sealed record ChatAssignment(long ConversationId, Guid AgentId);

/// <summary>A waiting chat and its place in the queue (1 is next).</summary>
public sealed record QueuePlace(long ConversationId, int Position);

/// <summary>
/// Who gets which chat, kept in the database so that it survives a restart and holds across instances: agents' presence
/// (available, last seen on the injected clock), the FIFO queue of waiting chats, and the claim of a chat by an agent —
/// two conditional updates in one transaction (the agent still below the cap, the chat still waiting), so two agents or
/// two instances never take the same chat and no agent goes over the cap.
/// </summary>
public sealed class ChatRouting(CareSlotDb db, IClock clock, IOptions<ChatOptions> options)
{
    private ChatOptions Options => options.Value;

    public Instant Now => clock.GetCurrentInstant();

    /// <summary>Agents who said "available" and whose console was heard from within the presence timeout.</summary>
    public IQueryable<ChatAgent> OnlineAgents()
    {
        var since = Now - Duration.FromTimeSpan(Options.PresenceTimeout);
        return db.ChatAgents.Where(a => a.Available && a.LastSeenAt >= since);
    }

    public Task<bool> AnyAgentOnlineAsync(CancellationToken ct) => OnlineAgents().AnyAsync(ct);

    /// <summary>The agent goes available (and is handed waiting chats) or away (keeping the chats they hold).</summary>
    public async Task<IReadOnlyList<ChatAssignment>> SetAvailabilityAsync(Guid agentId, bool available, CancellationToken ct)
    {
        var now = Now;
        var updated = await db.ChatAgents.Where(a => a.AgentId == agentId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Available, available).SetProperty(a => a.LastSeenAt, now), ct);
        if (updated == 0)
        {
            db.ChatAgents.Add(new ChatAgent(agentId, available, now));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another connection of the same agent made the row meanwhile: then it is an update after all.
                db.ChangeTracker.Clear();
                await db.ChatAgents.Where(a => a.AgentId == agentId)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.Available, available).SetProperty(a => a.LastSeenAt, now), ct);
            }
        }
        return available ? await AssignWaitingAsync(ct) : [];
    }

    /// <summary>The agent's console is still there (its heartbeat).</summary>
    public async Task SeenAsync(Guid agentId, CancellationToken ct)
    {
        var now = Now;
        await db.ChatAgents.Where(a => a.AgentId == agentId).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastSeenAt, now), ct);
    }

    /// <summary>
    /// Hands the head of the queue to the online agent with the fewest chats below the cap, again and again, until the
    /// queue is empty or every online agent is full.
    /// </summary>
    public async Task<IReadOnlyList<ChatAssignment>> AssignWaitingAsync(CancellationToken ct)
    {
        var assignments = new List<ChatAssignment>();
        var cap = Options.MaxChatsPerAgent;
        // Bounded: each round either assigns, or loses a race and looks again; a queue longer than this waits for the next change.
        for (var round = 0; round < 100; round++)
        {
            var head = await db.ChatConversations.AsNoTracking().Where(c => c.Status == ChatStatus.Waiting)
                .OrderBy(c => c.QueuedAt).ThenBy(c => c.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
            if (head is not { } conversationId) break;
            var agent = await OnlineAgents().Where(a => a.ActiveChats < cap)
                .OrderBy(a => a.ActiveChats).ThenBy(a => a.LastSeenAt).Select(a => (Guid?)a.AgentId).FirstOrDefaultAsync(ct);
            if (agent is not { } agentId) break;
            if (await ClaimAsync(conversationId, agentId, ct)) assignments.Add(new ChatAssignment(conversationId, agentId));
        }
        return assignments;
    }

    /// <summary>
    /// The agent takes the waiting chat if it is still waiting and they are still below the cap; false when another agent
    /// (or instance) was first, or the agent is full or away.
    /// </summary>
    public async Task<bool> ClaimAsync(long conversationId, Guid agentId, CancellationToken ct)
    {
        var now = Now;
        var cap = Options.MaxChatsPerAgent;
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var seat = await db.ChatAgents.Where(a => a.AgentId == agentId && a.Available && a.ActiveChats < cap)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.ActiveChats, a => a.ActiveChats + 1), ct);
            if (seat == 0) return false;
            var taken = await db.ChatConversations.Where(c => c.Id == conversationId && c.Status == ChatStatus.Waiting)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ChatStatus.Active).SetProperty(c => c.AgentId, agentId)
                    .SetProperty(c => c.AssignedAt, now), ct);
            if (taken == 0) return false; // disposing the transaction rolls the seat back
            await transaction.CommitAsync(ct);
            return true;
        });
    }

    /// <summary>
    /// Ends the chat (whoever ends it): the agent's seat is freed and the queue moves on. False when it had ended already.
    /// </summary>
    public async Task<(bool Closed, IReadOnlyList<ChatAssignment> Assignments)> CloseAsync(long conversationId, CancellationToken ct)
    {
        var now = Now;
        var strategy = db.Database.CreateExecutionStrategy();
        var closed = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var fromQueue = await db.ChatConversations.Where(c => c.Id == conversationId && c.Status == ChatStatus.Waiting)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ChatStatus.Closed).SetProperty(c => c.ClosedAt, now), ct);
            if (fromQueue == 0)
            {
                // An active chat's agent never changes, so reading it before the conditional update is safe.
                var agentId = await db.ChatConversations.Where(c => c.Id == conversationId && c.Status == ChatStatus.Active)
                    .Select(c => c.AgentId).FirstOrDefaultAsync(ct);
                var fromAgent = await db.ChatConversations.Where(c => c.Id == conversationId && c.Status == ChatStatus.Active)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ChatStatus.Closed).SetProperty(c => c.ClosedAt, now), ct);
                if (fromAgent == 0) return false;
                await db.ChatAgents.Where(a => a.AgentId == agentId && a.ActiveChats > 0)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.ActiveChats, a => a.ActiveChats - 1), ct);
            }
            // A customer who withdrew consent to keeping transcripts (Features/Consents): the lines end with the chat, in the
            // same transaction, so no agent or transcript page shows them again. The conversation row (who, when) stays.
            var transcriptsWithdrawn = ConsentRecord.Withdrawn(db, ConsentPurpose.ChatTranscripts);
            await db.ChatMessages.Where(m => m.ConversationId == conversationId
                    && db.ChatConversations.Any(c => c.Id == conversationId && c.CustomerId != null && transcriptsWithdrawn.Contains(c.CustomerId.Value)))
                .ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        });
        return (closed, closed ? await AssignWaitingAsync(ct) : []);
    }

    /// <summary>Every waiting chat with its place, in order: what each waiting customer is told after a change.</summary>
    public async Task<IReadOnlyList<QueuePlace>> QueueAsync(CancellationToken ct)
    {
        var waiting = await db.ChatConversations.AsNoTracking().Where(c => c.Status == ChatStatus.Waiting)
            .OrderBy(c => c.QueuedAt).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        return [.. waiting.Select((id, index) => new QueuePlace(id, index + 1))];
    }

    /// <summary>The chat's place in the queue (1 is next); null when it is not waiting.</summary>
    public async Task<int?> PositionAsync(long conversationId, CancellationToken ct)
    {
        var mine = await db.ChatConversations.AsNoTracking().Where(c => c.Id == conversationId && c.Status == ChatStatus.Waiting)
            .Select(c => new { c.QueuedAt }).FirstOrDefaultAsync(ct);
        if (mine is null) return null;
        var ahead = await db.ChatConversations.CountAsync(c => c.Status == ChatStatus.Waiting
            && (c.QueuedAt < mine.QueuedAt || (c.QueuedAt == mine.QueuedAt && c.Id < conversationId)), ct);
        return ahead + 1;
    }
}
