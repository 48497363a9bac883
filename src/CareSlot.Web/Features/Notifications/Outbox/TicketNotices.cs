using CareSlot.Web.Features.Notifications.Delivery;
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
    public void QueueReceived(string address, string language, string name, string reference, string subject, Guid postId, Uri link, Instant now) =>
        Queue(address, language, MessageTexts.For(language).TicketReceived(name, reference, subject), postId, link, now);

    public void QueueAnswered(string address, string language, string name, string reference, string subject, string answer, Guid postId, Uri link, Instant now) =>
        Queue(address, language, MessageTexts.For(language).TicketAnswered(name, reference, subject, answer), postId, link, now);

    private void Queue(string address, string language, AccountLetter letter, Guid postId, Uri link, Instant now)
    {
        ArgumentNullException.ThrowIfNull(link);
        var email = new EmailMessage(address, letter.Subject, EmailLayout.Text(letter, link.ToString()),
            EmailLayout.Html(MessageTexts.For(language).Language, letter, link.ToString()));
        db.OutboxMessages.Add(OutboxMessage.ForNotice(NotificationTemplate.SupportTicketUpdate, NotificationChannel.Email, KeyFor(postId),
            address, AccountMessages.Protect(protection, email), now, now));
    }

    public static string KeyFor(Guid postId) => $"ticket:{postId:N}";
}
