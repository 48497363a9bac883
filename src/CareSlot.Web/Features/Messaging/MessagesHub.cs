using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Messaging;

/// <summary>
/// Live updates for an open conversation page. A client joins a conversation's group after the same check as opening it
/// (<see cref="ConversationAuthorizationHandler"/>); the hub then only says "this conversation changed", never what: the
/// page fetches the messages through the page's own, checked and audited, handler. So no clinical content passes
/// through the hub, its logs or a backplane.
/// </summary>
[Authorize(Policy = AccountPolicies.PatientOrStaffWithSecondFactor)]
public sealed class MessagesHub(CareSlotDb db, IAuthorizationService authorization, AuditTrail audit) : Hub
{
    public const string Path = "/hubs/messages";

    /// <summary>The client method a change calls, with the conversation's id.</summary>
    public const string ChangedMethod = "changed";

    /// <summary>Joins the conversation's group; false (and nothing joined) for a conversation the caller may not read.</summary>
    public async Task<bool> Join(Guid conversationId)
    {
        var conversation = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == conversationId, Context.ConnectionAborted);
        if (conversation is null || !(await authorization.AuthorizeAsync(Context.User!, conversation, MessagingOperations.Read)).Succeeded)
        {
            await audit.RecordAsync(new AuditEvent("message.subscribe", AuditOutcome.Refused, PatientId: conversation?.PatientId,
                Record: ConversationQueries.Record(conversationId)), Context.ConnectionAborted);
            return false;
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(conversationId), Context.ConnectionAborted);
        return true;
    }

    public static string Group(Guid conversationId) => $"conversation:{conversationId:N}";
}

/// <summary>Tells the pages that have a conversation open that it changed (a message, or closing), after the change committed.</summary>
public sealed class MessagePush(IHubContext<MessagesHub> hub)
{
    public Task ChangedAsync(Guid conversationId) =>
        hub.Clients.Group(MessagesHub.Group(conversationId)).SendAsync(MessagesHub.ChangedMethod, conversationId.ToString(), CancellationToken.None);
}
