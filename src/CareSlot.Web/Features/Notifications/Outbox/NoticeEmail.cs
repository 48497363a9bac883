using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Features.Notifications.Messages;
using Microsoft.AspNetCore.DataProtection;
using NodaTime;

namespace CareSlot.Web.Features.Notifications.Outbox;

/// <summary>
/// What every notice e-mail shares (disputes, reviews, messages, hand-overs, the help desk): the letter laid out with its
/// link in text and HTML, protected as account messages are, as one outbox row due now under the notice's own key.
/// </summary>
internal static class NoticeEmail
{
    /// <param name="language">The recipient's language (it picks the HTML's <c>lang</c>); the letter is already written in it.</param>
    /// <param name="messageId">Set when replies must find the notice again (the help desk's); else each attempt gets its own.</param>
    public static OutboxMessage Create(IDataProtectionProvider protection, NotificationTemplate template, string key, string address, string language,
        AccountLetter letter, Uri link, Instant now, string? messageId = null)
    {
        ArgumentNullException.ThrowIfNull(letter);
        ArgumentNullException.ThrowIfNull(link);
        var email = new EmailMessage(address, letter.Subject, EmailLayout.Text(letter, link.ToString()),
            EmailLayout.Html(MessageTexts.For(language).Language, letter, link.ToString())) { MessageId = messageId };
        return OutboxMessage.ForNotice(template, NotificationChannel.Email, key, address, AccountMessages.Protect(protection, email), now, now);
    }
}
