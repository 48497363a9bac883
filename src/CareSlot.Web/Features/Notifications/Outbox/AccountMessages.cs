using System.Text.Json;
using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.DataProtection;
using NodaTime;

namespace CareSlot.Web.Features.Notifications.Outbox;

/// <summary>The words of an erasure confirmation, written by Privacy in the recipient's language.</summary>
public sealed record ErasureLetter(string Subject, string Greeting, string Lead, string LinkText, string Closing);

/// <summary>
/// Where the account features put their messages (verification links and codes, password resets): into the
/// outbox, protected, for the dispatcher to send — not sent from the request, so an outage of the mail server
/// or SMS gateway delays them instead of failing the registration. Each is written here, when queued, in the
/// recipient's language (<see cref="Recipient.Culture"/>: their account's preferred language), like the appointment
/// messages are.
/// </summary>
public sealed class AccountMessages(CareSlotDb db, IDataProtectionProvider protection, IClock clock, OutboxSignal signal)
{
    private const string Purpose = "CareSlot.Outbox.AccountMessage";

    /// <summary>The link that verifies <paramref name="to"/>'s address (valid 24 hours).</summary>
    public Task QueueEmailVerificationAsync(Recipient to, Uri link, CancellationToken ct) =>
        QueueAsync(NotificationTemplate.AccountEmailVerification, EmailVerification(to, link), ct);

    /// <summary>The link that lets <paramref name="to"/> choose a new password (valid 24 hours).</summary>
    public Task QueuePasswordResetAsync(Recipient to, Uri link, CancellationToken ct) =>
        QueueAsync(NotificationTemplate.AccountPasswordReset, PasswordReset(to, link), ct);

    /// <summary>The link that lets an invited staff member choose their first password.</summary>
    public Task QueueStaffInvitationAsync(Recipient to, Uri link, CancellationToken ct) =>
        QueueAsync(NotificationTemplate.AccountStaffInvitation, Email(to, link, texts => texts.StaffInvitation(to.Name)), ct);

    /// <summary>Tells <paramref name="to"/> that an administrator turned their two-factor off; the link leads to setting it up again.</summary>
    public Task QueueTwoFactorResetAsync(Recipient to, Uri link, CancellationToken ct) =>
        QueueAsync(NotificationTemplate.AccountTwoFactorReset, Email(to, link, texts => texts.TwoFactorReset(to.Name)), ct);

    /// <summary>Tells a doctor their registration is approved; the link leads to their profile.</summary>
    public Task QueueDoctorApprovedAsync(Recipient to, Uri link, CancellationToken ct) =>
        QueueAsync(NotificationTemplate.DoctorRegistrationApproved, Email(to, link, texts => texts.DoctorApproved(to.Name)), ct);

    /// <summary>Tells a doctor their registration is rejected and why; the administrator's words are protected in the outbox like a link.</summary>
    public Task QueueDoctorRejectedAsync(Recipient to, string reason, Uri link, CancellationToken ct) =>
        QueueAsync(NotificationTemplate.DoctorRegistrationRejected, Email(to, link, texts => texts.DoctorRejected(to.Name, reason)), ct);

    /// <summary>An administrator's question about a doctor's registration; the link leads to where they answer it.</summary>
    public Task QueueDoctorQuestionAsync(Recipient to, string question, Uri link, CancellationToken ct) =>
        QueueAsync(NotificationTemplate.DoctorRegistrationQuestion, Email(to, link, texts => texts.DoctorQuestion(to.Name, question)), ct);

    /// <summary>
    /// Tells a person their account is erased. Privacy writes the words in their language (it alone knows what was kept and
    /// until when); <paramref name="to"/> is the address they had, the last message it is ever sent.
    /// </summary>
    public Task QueueErasureConfirmationAsync(Recipient to, ErasureLetter words, Uri link, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(link);
        var letter = new AccountLetter(words.Subject, words.Greeting, words.Lead, words.LinkText, words.Closing);
        var message = new EmailMessage(to.Address, letter.Subject, EmailLayout.Text(letter, link.ToString()),
            EmailLayout.Html(MessageTexts.For(to.Culture).Language, letter, link.ToString()));
        return QueueAsync(NotificationTemplate.AccountErasureConfirmation, message, ct);
    }

    /// <param name="to">The number to verify (E.164) as <see cref="Recipient.Address"/>.</param>
    public Task QueuePhoneCodeAsync(Recipient to, string code, CancellationToken ct) =>
        QueueAsync(NotificationTemplate.AccountPhoneCode, PhoneCode(to, code), ct);

    internal static EmailMessage EmailVerification(Recipient to, Uri link) => Email(to, link, texts => texts.EmailVerification(to.Name));

    internal static EmailMessage PasswordReset(Recipient to, Uri link) => Email(to, link, texts => texts.PasswordReset(to.Name));

    internal static SmsMessage PhoneCode(Recipient to, string code) => new(to.Address, MessageTexts.For(to.Culture).PhoneCode(code));

    private static EmailMessage Email(Recipient to, Uri link, Func<MessageTexts, AccountLetter> write)
    {
        var texts = MessageTexts.For(to.Culture);
        var letter = write(texts);
        return new EmailMessage(to.Address, letter.Subject, EmailLayout.Text(letter, link.ToString()), EmailLayout.Html(texts.Language, letter, link.ToString()));
    }

    /// <summary>A message written by the caller, sent as it is; prefer the methods above, which write it in the recipient's language.</summary>
    private Task QueueAsync(NotificationTemplate template, EmailMessage message, CancellationToken ct) =>
        QueueAsync(template, NotificationChannel.Email, message.To, JsonSerializer.Serialize(new StoredEmail(message.To, message.Subject, message.TextBody, message.HtmlBody)), ct);

    private Task QueueAsync(NotificationTemplate template, SmsMessage message, CancellationToken ct) =>
        QueueAsync(template, NotificationChannel.Sms, message.To, JsonSerializer.Serialize(message), ct);

    private async Task QueueAsync(NotificationTemplate template, NotificationChannel channel, string address, string content, CancellationToken ct)
    {
        var protectedContent = protection.CreateProtector(Purpose).Protect(content);
        db.OutboxMessages.Add(OutboxMessage.ForAccount(template, channel, address, protectedContent, clock.GetCurrentInstant()));
        await db.SaveChangesAsync(ct);
        signal.Notify();
    }

    /// <summary>An e-mail written by another feature, protected as account messages are, for <see cref="OutboxMessage.ForNotice"/>.</summary>
    internal static string Protect(IDataProtectionProvider protection, EmailMessage message) =>
        protection.CreateProtector(Purpose).Protect(JsonSerializer.Serialize(new StoredEmail(message.To, message.Subject, message.TextBody, message.HtmlBody,
            message.MessageId)));

    internal static string Protect(IDataProtectionProvider protection, SmsMessage message) =>
        protection.CreateProtector(Purpose).Protect(JsonSerializer.Serialize(message));

    /// <summary>The message as queued; the dispatcher sends it as it is.</summary>
    public static object Read(IDataProtectionProvider protection, OutboxMessage message)
    {
        var json = protection.CreateProtector(Purpose).Unprotect(message.ProtectedContent!);
        if (message.Channel == NotificationChannel.Sms) return JsonSerializer.Deserialize<SmsMessage>(json)!;
        var email = JsonSerializer.Deserialize<StoredEmail>(json)!;
        return new EmailMessage(email.To, email.Subject, email.TextBody, email.HtmlBody) { MessageId = email.MessageId };
    }

    /// <param name="MessageId">Set by a notice that replies to it must find again (the help desk's); null for the rest.</param>
    private sealed record StoredEmail(string To, string Subject, string TextBody, string? HtmlBody, string? MessageId = null);
}

/// <summary>Wakes the dispatcher of this instance when a message is queued that someone is waiting for.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim wake = new(0, 1);

    public void Notify()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // already signalled
        }
    }

    /// <summary>Returns when signalled or after <paramref name="interval"/>, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan interval, CancellationToken ct) => wake.WaitAsync(interval, ct);

    public void Dispose() => wake.Dispose();
}
