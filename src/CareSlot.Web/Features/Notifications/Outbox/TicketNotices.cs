using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.DataProtection;
using NodaTime;

namespace CareSlot.Web.Features.Notifications.Outbox;

/// <summary>
/// The help desk's e-mails to a requester — "we received your request", and each agent's answer with its words — queued
/// by the save that records the step, so a step that rolls back is never announced. A requester may have no account
/// (a visitor), so the address and language are the ticket's; the subject carries the reference ("[CareSlot #1042]").
/// Kept protected until sent, like account messages (the link of a visitor's request opens it). One e-mail per post.
/// </summary>
public sealed class TicketNotices(CareSlotDb db, IDataProtectionProvider protection)
{
    public void QueueReceived(string address, string language, string name, long ticketId, string reference, string subject, Guid postId, Uri link, Instant now) =>
        Queue(address, language, MessageTexts.For(language).TicketReceived(name, reference, subject), ticketId, postId, link, now);

    public void QueueAnswered(string address, string language, string name, long ticketId, string reference, string subject, string answer, Guid postId,
        Uri link, Instant now) =>
        Queue(address, language, MessageTexts.For(language).TicketAnswered(name, reference, subject, answer), ticketId, postId, link, now);

    /// <summary>
    /// The Message-Id of the e-mail about one post of one ticket: <c>ticket.1042.POSTID@HOST</c>. A requester's mail program
    /// quotes it in In-Reply-To and References, which is how their reply by e-mail finds its ticket again.
    /// </summary>
    public static string MessageIdFor(long ticketId, Guid postId, Uri link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"ticket.{ticketId}.{postId:N}@{link.Host}");
    }

    private void Queue(string address, string language, AccountLetter letter, long ticketId, Guid postId, Uri link, Instant now) =>
        db.OutboxMessages.Add(NoticeEmail.Create(protection, NotificationTemplate.SupportTicketUpdate, KeyFor(postId), address, language, letter, link, now,
            MessageIdFor(ticketId, postId, link)));

    public static string KeyFor(Guid postId) => $"ticket:{postId:N}";
}
