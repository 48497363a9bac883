using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Notifications.Outbox;

/// <summary>
/// "You have a new message from …" by e-mail and SMS, queued in the outbox by the save that stores the message, so a
/// message that rolls back is never announced. The notice never carries the message: only who wrote and a link to the
/// conversation. It is written now, in the recipient's language, and kept protected like an account message until sent.
/// Rules: e-mail to a verified address; SMS to a verified number when the recipient wants changes by SMS (or has no
/// verified address, as for appointment changes); no SMS in the quiet hours (21:00–08:00 in <c>zone</c>): it waits
/// until 08:00. One notice per message and channel (the outbox key).
/// </summary>
public sealed class MessageNotices(CareSlotDb db, IDataProtectionProvider protection)
{
    /// <summary>Adds the notice rows to <see cref="CareSlotDb"/>; the caller's save writes them with the message.</summary>
    /// <param name="link">The conversation's page, built from the public origin.</param>
    /// <param name="zone">Where the quiet hours are counted: the doctor's clinic.</param>
    public async Task QueueAsync(Guid recipientAccountId, string senderName, Guid messageId, Uri link, DateTimeZone zone, Instant now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(link);
        var to = await db.Users.AsNoTracking().Where(u => u.Id == recipientAccountId)
            .Select(u => new { u.FullName, u.Email, u.EmailConfirmed, u.PhoneNumber, u.PhoneNumberConfirmed, u.SmsUpdates, u.PreferredLanguage })
            .SingleOrDefaultAsync(ct);
        if (to is null) return;
        var texts = MessageTexts.For(to.PreferredLanguage);
        if (to.Email is not null && to.EmailConfirmed)
        {
            db.OutboxMessages.Add(NoticeEmail.Create(protection, NotificationTemplate.NewMessage, KeyFor(messageId, NotificationChannel.Email), to.Email,
                to.PreferredLanguage, texts.NewMessage(to.FullName, senderName), link, now));
        }
        if (to.PhoneNumber is not null && to.PhoneNumberConfirmed && (to.SmsUpdates || !to.EmailConfirmed))
        {
            var sms = new SmsMessage(to.PhoneNumber, texts.NewMessageSms(senderName, link.ToString()));
            db.OutboxMessages.Add(OutboxMessage.ForNotice(NotificationTemplate.NewMessage, NotificationChannel.Sms, KeyFor(messageId, NotificationChannel.Sms),
                to.PhoneNumber, AccountMessages.Protect(protection, sms), now, AfterQuietHours(now, zone)));
        }
    }

    public static string KeyFor(Guid messageId, NotificationChannel channel) => $"message:{messageId:N}:{channel}";

    /// <summary>Now, or 08:00 when it is 21:00–08:00 in <paramref name="zone"/>.</summary>
    public static Instant AfterQuietHours(Instant now, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = now.InZone(zone);
        var time = local.TimeOfDay;
        if (time >= DispatchOutbox.QuietUntil && time < DispatchOutbox.QuietFrom) return now;
        var date = time >= DispatchOutbox.QuietFrom ? local.Date.PlusDays(1) : local.Date;
        return date.At(DispatchOutbox.QuietUntil).InZoneLeniently(zone).ToInstant();
    }
}
