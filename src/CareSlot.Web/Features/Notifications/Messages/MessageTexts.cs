using CareSlot.Scheduling;
using CareSlot.Web.Features.Schedules;
using NodaTime;

namespace CareSlot.Web.Features.Notifications.Messages;

/// <summary>
/// The words of every message in one language; one subclass per language, each in its own file. It writes plain
/// sentences only: the renderer lays them out and HTML-encodes them, so no language file can break the markup.
/// Each template is one C# expression (rather than .resx fragments with numbered placeholders) because the
/// sentences differ by who made the change and by the visit's status, and word order differs between languages.
/// </summary>
internal abstract class MessageTexts
{
    private static readonly MessageTexts English = new EnglishTexts();

    /// <summary>Every language we write; a new language file is added here too.</summary>
    private static readonly MessageTexts[] Languages = [English, new GermanTexts()];

    /// <summary>The two-letter language (ISO 639-1), matched against the recipient's culture; also the HTML <c>lang</c>.</summary>
    public abstract string Language { get; }

    /// <summary>The visit's time for the e-mail: date, start and end, zone abbreviation.</summary>
    public abstract string Span(ZonedDateTime start, ZonedDateTime end);

    /// <summary>One point in time in full: the start before a move.</summary>
    public abstract string Moment(ZonedDateTime time);

    /// <summary>One point in time, short, for subjects and text messages.</summary>
    public abstract string ShortMoment(ZonedDateTime time);

    /// <summary>The appointment type and whether in person or by video.</summary>
    public abstract string Visit(string appointmentTypeName, VisitMode mode);

    /// <summary>The calendar's location of a video visit.</summary>
    public abstract string VideoVisit { get; }

    public abstract EmailLabels Labels { get; }

    public abstract Letter Email(NotificationTemplate template, MessageFacts facts);

    /// <summary>No HTML; keep reminders and confirmations within one SMS (160 GSM-7 characters), the link included.</summary>
    public abstract string Sms(NotificationTemplate template, MessageFacts facts);

    /// <summary>Closes every e-mail: who sent it and why it cannot be answered.</summary>
    public abstract string Footer(MessageFacts facts);

    /// <summary>The title of the calendar event; a doctor's calendar names the patient.</summary>
    public abstract string CalendarTitle(MessageFacts facts, bool forDoctor);

    /// <summary>The e-mail with the link that verifies an address, to <paramref name="name"/>.</summary>
    public abstract AccountLetter EmailVerification(string name);

    /// <summary>The e-mail with the link that sets a new password.</summary>
    public abstract AccountLetter PasswordReset(string name);

    /// <summary>The e-mail inviting <paramref name="name"/> to CareSlot's staff: the link sets their first password.</summary>
    public abstract AccountLetter StaffInvitation(string name);

    /// <summary>The e-mail telling <paramref name="name"/> that an administrator turned their two-factor off: the link sets it up again.</summary>
    public abstract AccountLetter TwoFactorReset(string name);

    /// <summary>The e-mail telling a doctor that their registration is approved: the link leads to their profile.</summary>
    public abstract AccountLetter DoctorApproved(string name);

    /// <summary>The e-mail telling a doctor that their registration is rejected, with the administrator's <paramref name="reason"/>.</summary>
    public abstract AccountLetter DoctorRejected(string name, string reason);

    /// <summary>The e-mail with an administrator's <paramref name="question"/> about a registration: the link leads to where the doctor answers.</summary>
    public abstract AccountLetter DoctorQuestion(string name, string question);

    /// <summary>The text message with a phone verification code: GSM-7, one message.</summary>
    public abstract string PhoneCode(string code);

    /// <summary>The e-mail telling <paramref name="name"/> that <paramref name="sender"/> wrote to them: never what they wrote.</summary>
    public abstract AccountLetter NewMessage(string name, string sender);

    /// <summary>The same as a text message, the link appended.</summary>
    public abstract string NewMessageSms(string sender, string link);

    /// <summary>
    /// The e-mail telling doctor <paramref name="name"/> that an administrator gave their visit with <paramref name="patient"/>
    /// at <paramref name="when"/> to <paramref name="colleague"/>; the link is their visits.
    /// </summary>
    public abstract AccountLetter HandedOver(string name, string patient, string when, string colleague);
    /// <summary>The e-mail telling <paramref name="name"/> what happened in a dispute they are part of: never what anyone wrote in it.</summary>
    public abstract AccountLetter DisputeUpdate(string name, DisputeNotice step);

    /// <summary>The e-mail confirming that help-desk request <paramref name="reference"/> ("#1042") arrived: the link opens it.</summary>
    public abstract AccountLetter TicketReceived(string name, string reference, string subject);

    /// <summary>An agent's <paramref name="answer"/> to help-desk request <paramref name="reference"/>: the link opens the conversation.</summary>
    public abstract AccountLetter TicketAnswered(string name, string reference, string subject, string answer);
    /// <summary>The e-mail telling <paramref name="name"/> a review was decided or published: never its words (the patient's or an administrator's).</summary>
    public abstract AccountLetter ReviewUpdate(string name, ReviewNotice notice);

    /// <summary>An invitation to answer survey <paramref name="title"/> (the administrator's words) through the link, until <paramref name="until"/>.</summary>
    public abstract AccountLetter SurveyInvitation(string name, string title, string until);

    /// <summary>The language of <paramref name="culture"/> (<c>en</c>, <c>en-US</c>, <c>en_GB</c>), or English when we do not write it.</summary>
    public static MessageTexts For(string culture)
    {
        var language = culture.Split('-', '_')[0];
        return Languages.FirstOrDefault(t => string.Equals(t.Language, language, StringComparison.OrdinalIgnoreCase)) ?? English;
    }
}

/// <param name="Subject">One line.</param>
/// <param name="Heading">The e-mail's title, above the paragraphs.</param>
internal sealed record Letter(string Subject, string Heading, IReadOnlyList<string> Paragraphs);

/// <summary>An account e-mail: a greeting, what the link is for, the link, what to do if it was not you.</summary>
/// <param name="Lead">Ends the sentence before the link in the plain text (its own line follows).</param>
/// <param name="LinkText">The link's text in the HTML.</param>
internal sealed record AccountLetter(string Subject, string Greeting, string Lead, string LinkText, string Closing);

/// <summary>The names of the facts every e-mail lists, and of its link.</summary>
internal sealed record EmailLabels(string When, string Doctor, string Patient, string Visit, string Clinic, string Phone, string ManageLink);

/// <summary>
/// The facts a language file may use, with times already in the clinic's zone and formatted in that language.
/// Only what some message shows is here.
/// </summary>
/// <param name="When">Date, start and end of the visit (for a reschedule, the new time).</param>
/// <param name="PreviousWhen">For a reschedule, the start before the move.</param>
/// <param name="Reason">Why it was cancelled, when someone said; only the patient's cancellation e-mail shows it.</param>
internal sealed record MessageFacts(
    string When,
    string ShortWhen,
    string? PreviousWhen,
    string? PreviousShortWhen,
    string Doctor,
    string Patient,
    string AppointmentType,
    string Visit,
    bool IsVideo,
    bool IsConfirmed,
    string Clinic,
    string Address,
    string ClinicPhone,
    Actor ChangedBy,
    string? Reason,
    string Link)
{
    public static MessageFacts Of(AppointmentFacts facts, MessageTexts texts)
    {
        var zone = facts.Clinic.Zone;
        var start = facts.Start.InZone(zone);
        var previous = facts.PreviousStart?.InZone(zone);
        return new MessageFacts(
            texts.Span(start, facts.End.InZone(zone)),
            texts.ShortMoment(start),
            previous is { } before ? texts.Moment(before) : null,
            previous is { } shortBefore ? texts.ShortMoment(shortBefore) : null,
            facts.DoctorName,
            facts.PatientName,
            facts.AppointmentTypeName,
            texts.Visit(facts.AppointmentTypeName, facts.Mode),
            facts.Mode == VisitMode.Video,
            facts.Status == AppointmentStatus.Confirmed,
            facts.Clinic.Name,
            $"{facts.Clinic.AddressLine}, {facts.Clinic.Postcode} {facts.Clinic.City}",
            facts.Clinic.Phone,
            facts.ChangedBy,
            string.IsNullOrWhiteSpace(facts.ChangeReason) ? null : facts.ChangeReason.Trim(),
            facts.ManageLink.AbsoluteUri);
    }
}
