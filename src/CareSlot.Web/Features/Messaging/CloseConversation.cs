using System.Security.Claims;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Messaging;

/// <summary>
/// The doctor ends a conversation: nobody writes to it any more; both still read it. Closing a closed one changes nothing.
/// Anyone else's attempt, the patient's included, answers 404 like an unknown id.
/// </summary>
public sealed class CloseConversation(CareSlotDb db, ConversationQueries queries, AuditTrail audit, MessagePush push, IClock clock,
    IStringLocalizer<MessagingText> text)
{
    public async Task<Outcome<Conversation>> HandleAsync(ClaimsPrincipal user, Guid conversationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Id == conversationId, ct);
        if (!await queries.MayAsync(user, conversation, MessagingOperations.Close, "conversation.close", conversationId, ct)) return MessagingProblems.NotFound(text);
        if (conversation!.IsClosed) return new Outcome<Conversation>(conversation, null);

        conversation.Close(user.AccountId(), clock.GetCurrentInstant());
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(new AuditEvent("conversation.close", AuditOutcome.Allowed, PatientId: conversation.PatientId,
                Record: ConversationQueries.Record(conversation.Id)), ct);
            await transaction.CommitAsync(ct);
        });
        await push.ChangedAsync(conversation.Id);
        return new Outcome<Conversation>(conversation, null);
    }
}
