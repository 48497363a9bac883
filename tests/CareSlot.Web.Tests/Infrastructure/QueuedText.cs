using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Features.Notifications.Outbox;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Infrastructure;

/// <summary>
/// What a queued message will say, decrypted as the dispatcher does: a test that a notice keeps something out must look at
/// the words, not at the ciphertext, where any four letters turn up now and then.
/// </summary>
public static class QueuedText
{
    public static string Of(CareSlotApp app, OutboxMessage message) =>
        AccountMessages.Read(app.Services.GetRequiredService<IDataProtectionProvider>(), message) switch
        {
            EmailMessage email => $"{email.Subject}\n{email.TextBody}\n{email.HtmlBody}",
            SmsMessage sms => sms.Body,
            var other => throw new InvalidOperationException($"Unexpected message {other.GetType().Name}."),
        };
}
