using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.LiveChat;

/// <summary>A chat in a list: who, when, its state; never its words.</summary>
public sealed record ChatSummary(long Id, string CustomerName, bool Visitor, ChatStatus Status, NodaTime.Instant StartedAt, int Lines);

/// <summary>A kept chat with every line, for its customer or for an agent.</summary>
public sealed record Transcript(ChatSummary Chat, IReadOnlyList<ChatLine> Lines);

/// <summary>
/// The transcripts kept of every chat: a signed-in customer's own (attached to their account), and every chat for the
/// agents, each agent's reading audited as their steps on a help request are — under the chat, not as the customer's
/// health record.
/// </summary>
public sealed class ChatTranscripts(ChatTalk talk, AuditTrail audit)
{
    public const int RecentCount = 50;

    public Task<List<ChatSummary>> MineAsync(Guid accountId, CancellationToken ct) =>
        Summaries(talk.Db.ChatConversations.Where(c => c.CustomerId == accountId)).ToListAsync(ct);

    public Task<List<ChatSummary>> RecentAsync(CancellationToken ct) => Summaries(talk.Db.ChatConversations).Take(RecentCount).ToListAsync(ct);

    /// <summary>The customer's own chat; null (404) for anyone else's.</summary>
    public async Task<Transcript?> MineAsync(Guid accountId, long id, CancellationToken ct) =>
        await Summaries(talk.Db.ChatConversations.Where(c => c.Id == id && c.CustomerId == accountId)).FirstOrDefaultAsync(ct) is { } chat
            ? new Transcript(chat, await talk.LinesAsync(id, ct))
            : null;

    /// <summary>Any chat, for an agent; the reading is audited.</summary>
    public async Task<Transcript?> ForAgentAsync(long id, CancellationToken ct)
    {
        if (await Summaries(talk.Db.ChatConversations.Where(c => c.Id == id)).FirstOrDefaultAsync(ct) is not { } chat) return null;
        await audit.RecordAsync(new AuditEvent(AuditActions.ChatTranscriptRead, AuditOutcome.Allowed, Record: $"chat {id}"), ct);
        return new Transcript(chat, await talk.LinesAsync(id, ct));
    }

    private IQueryable<ChatSummary> Summaries(IQueryable<ChatConversation> conversations) =>
        conversations.AsNoTracking().OrderByDescending(c => c.QueuedAt).ThenByDescending(c => c.Id)
            .Select(c => new ChatSummary(c.Id, c.CustomerName, c.CustomerId == null, c.Status, c.QueuedAt,
                talk.Db.ChatMessages.Count(m => m.ConversationId == c.Id)));
}
