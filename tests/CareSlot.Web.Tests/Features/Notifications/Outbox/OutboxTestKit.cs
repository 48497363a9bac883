using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace CareSlot.Web.Tests.Features.Notifications.Outbox;

/// <summary>A text message as the development mailbox stored it.</summary>
public sealed record StoredSms(string To, string Body);

public static class OutboxTestKit
{
    /// <summary>What the hosted dispatcher would do on its next ticks, run now on the test's clock: until nothing due is left.</summary>
    public static async Task<int> DispatchAsync(this CareSlotApp app)
    {
        var total = 0;
        while (true)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var claimed = await scope.ServiceProvider.GetRequiredService<DispatchOutbox>().RunOnceAsync(TestContext.Current.CancellationToken);
            if (claimed == 0) return total;
            total += claimed;
        }
    }

    public static Task<List<OutboxMessage>> OutboxAsync(this CareSlotApp app, Guid appointmentId) =>
        app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.AppointmentId == appointmentId).OrderBy(m => m.Id)
            .ToListAsync(TestContext.Current.CancellationToken));

    /// <summary>Every e-mail the development mailbox holds for <paramref name="address"/>, oldest first, as complete MIME messages.</summary>
    public static async Task<IReadOnlyList<MimeMessage>> EmailsToAsync(this CareSlotApp app, string address)
    {
        var emails = new List<MimeMessage>();
        if (!Directory.Exists(app.MailboxPath)) return emails;
        foreach (var file in Directory.EnumerateFiles(app.MailboxPath, "*.eml").Order(StringComparer.Ordinal))
        {
            var message = await MimeMessage.LoadAsync(file, TestContext.Current.CancellationToken);
            if (message.To.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase))) emails.Add(message);
        }
        return emails;
    }

    public static async Task<IReadOnlyList<StoredSms>> SmsToAsync(this CareSlotApp app, string number)
    {
        var mailbox = app.Services.GetRequiredService<DevelopmentMailbox>();
        return (await mailbox.ListAsync(TestContext.Current.CancellationToken))
            .Where(e => e.Kind == MailboxMessageKind.Sms && e.To == number)
            .OrderBy(e => e.FileName, StringComparer.Ordinal)
            .Select(e => new StoredSms(e.To, e.Summary))
            .ToList();
    }

    /// <summary>The iCalendar part of an e-mail, as text.</summary>
    public static string Calendar(this MimeMessage message)
    {
        var part = message.BodyParts.OfType<MimePart>().FirstOrDefault(p => p.ContentType.IsMimeType("text", "calendar"))
            ?? throw new Xunit.Sdk.XunitException($"The e-mail '{message.Subject}' has no text/calendar part.");
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Gives a patient a verified mobile number, so SMS may go to them.</summary>
    public static Task VerifyPhoneAsync(this CareSlotApp app, Guid accountId, string e164) =>
        app.WithDbAsync(db => db.Users.Where(u => u.Id == accountId)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.PhoneNumber, e164).SetProperty(x => x.PhoneNumberConfirmed, true), TestContext.Current.CancellationToken));
}
