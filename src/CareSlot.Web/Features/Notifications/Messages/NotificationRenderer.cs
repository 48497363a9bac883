using System.Globalization;
using System.Text;
using CareSlot.Web.Features.Notifications.Delivery;
using Microsoft.Extensions.Options;
using MimeKit;
using NodaTime;

namespace CareSlot.Web.Features.Notifications.Messages;

/// <summary>
/// Writes the e-mail or text message for one template, in the recipient's language (English when we do not
/// write theirs), with every time in the clinic's zone. Messages never carry health information: no message
/// names a reason for the visit, and the reason for a cancellation reaches only the patient's e-mail.
/// </summary>
public sealed class NotificationRenderer(IOptions<EmailOptions> options, TimeProvider time, StoredPhrases phrases)
{
    /// <summary>The template's stable name, as the delivery log shows it: <c>patient-booked.email</c>.</summary>
    public static string TemplateName(NotificationTemplate template, NotificationChannel channel)
    {
        var name = new StringBuilder();
        foreach (var c in template.ToString())
        {
            if (char.IsUpper(c) && name.Length > 0) name.Append('-');
            name.Append(char.ToLowerInvariant(c));
        }
        return name.Append(channel == NotificationChannel.Sms ? ".sms" : ".email").ToString();
    }

    /// <param name="messageId">
    /// The Message-Id (<c>left@right</c>), the same on every attempt at this message, so a copy sent twice after
    /// a crash can be recognised as one.
    /// </param>
    /// <exception cref="DeliveryException">The recipient's address is not one valid address (permanent).</exception>
    public EmailMessage RenderEmail(NotificationTemplate template, AppointmentFacts facts, Recipient recipient, string messageId)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(recipient);
        var texts = MessageTexts.For(recipient.Culture);
        var words = Words(template, facts, texts);
        var letter = texts.Email(template, words);
        var details = Details(texts.Labels, words, template.IsForDoctor());
        var content = new EmailContent(texts.Language, letter, details, texts.Labels.ManageLink, words.Link, texts.Footer(words));
        var to = new MailboxAddress(recipient.Name, EmailComposer.Recipient(recipient.Address).Address);

        return new EmailMessage(to.ToString(), letter.Subject, EmailLayout.Text(content), EmailLayout.Html(content))
        {
            MessageId = messageId,
            Calendar = Invitation(template, facts, texts, words, details, to),
        };
    }

    public SmsMessage RenderSms(NotificationTemplate template, AppointmentFacts facts, Recipient recipient)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(recipient);
        var texts = MessageTexts.For(recipient.Culture);
        return new SmsMessage(recipient.Address, texts.Sms(template, Words(template, facts, texts)));
    }

    private MessageFacts Words(NotificationTemplate template, AppointmentFacts facts, MessageTexts texts)
    {
        if ((template is NotificationTemplate.PatientRescheduled or NotificationTemplate.DoctorRescheduled) && facts.PreviousStart is null)
        {
            throw new ArgumentException("A reschedule message needs the start before the move.", nameof(facts));
        }
        // An erased patient's name and the reason the app gave, in the recipient's language like the rest.
        var language = CultureInfo.GetCultureInfo(texts.Language);
        return MessageFacts.Of(facts with { PatientName = phrases.ShownIn(language, facts.PatientName), ChangeReason = phrases.ShownIn(language, facts.ChangeReason) }, texts);
    }

    private static List<EmailDetail> Details(EmailLabels labels, MessageFacts words, bool forDoctor) =>
    [
        new(labels.When, words.When),
        new(labels.Doctor, words.Doctor),
        .. forDoctor ? [new EmailDetail(labels.Patient, words.Patient)] : Array.Empty<EmailDetail>(),
        new(labels.Visit, words.Visit),
        new(labels.Clinic, $"{words.Clinic}, {words.Address}"),
    ];

    /// <summary>
    /// The doctor's messages carry one too, so the doctor's calendar follows bookings, moves and cancellations
    /// like the patient's does.
    /// </summary>
    private CalendarPart? Invitation(NotificationTemplate template, AppointmentFacts facts, MessageTexts texts, MessageFacts words,
        List<EmailDetail> details, MailboxAddress attendee)
    {
        if (AppointmentInvitation.MethodFor(template) is not { } method) return null;
        var labels = texts.Labels;
        var description = string.Join('\n', [
            .. details.Select(d => $"{d.Label}: {d.Value}"),
            $"{labels.Phone}: {words.ClinicPhone}",
            $"{labels.ManageLink}: {words.Link}",
        ]);
        var location = words.IsVideo ? texts.VideoVisit : $"{words.Clinic}, {words.Address}";
        var text = new InvitationText(texts.CalendarTitle(words, template.IsForDoctor()), location, description);
        var organizer = MailboxAddress.Parse(options.Value.From);
        var stamp = Instant.FromDateTimeOffset(time.GetUtcNow());
        return new CalendarPart(method, AppointmentInvitation.Write(method, facts, text, organizer, attendee, stamp));
    }
}
