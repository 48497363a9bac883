using System.Globalization;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Time;
using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Features.Notifications.Messages;

/// <summary>
/// English, and the fallback for every language we do not write. Text messages use only GSM-7 characters
/// (a plain hyphen, never a dash), so they are not sent as UCS-2 with its 70-character limit.
/// </summary>
/// <remarks>
/// Dates are written here in British English rather than by ClinicTime, which follows the request's language: a
/// message goes out from the dispatcher, where that is the server's, and must be in the recipient's.
/// </remarks>
internal sealed class EnglishTexts : MessageTexts
{
    private static readonly CultureInfo English = ClinicTime.DateCulture("en");

    private static readonly LocalDatePattern LongDay = LocalDatePattern.Create("dddd d MMMM uuuu", English);

    private static readonly LocalDatePattern ShortDay = LocalDatePattern.Create("ddd d MMM", English);

    private static readonly LocalTimePattern Clock = LocalTimePattern.Create("HH':'mm", English);

    public override string Language => "en";

    /// <summary>"Tuesday 1 December 2026, 09:30–10:00 CET".</summary>
    public override string Span(ZonedDateTime start, ZonedDateTime end) =>
        $"{LongDay.Format(start.Date)}, {Clock.Format(start.TimeOfDay)}–{Clock.Format(end.TimeOfDay)} {Zone(start)}";

    /// <summary>"Tuesday 1 December 2026, 09:30 CET".</summary>
    public override string Moment(ZonedDateTime time) => $"{LongDay.Format(time.Date)}, {Clock.Format(time.TimeOfDay)} {Zone(time)}";

    /// <summary>"Tue 1 Dec 09:30 CET".</summary>
    public override string ShortMoment(ZonedDateTime time) => $"{ShortDay.Format(time.Date)} {Clock.Format(time.TimeOfDay)} {Zone(time)}";

    /// <summary>The time zone database's abbreviation ("CET", "EDT"), or the offset ("+01") where the zone has none.</summary>
    private static string Zone(ZonedDateTime time) => ClinicTime.Abbreviation(time, "en");

    public override string Visit(string appointmentTypeName, VisitMode mode) =>
        mode == VisitMode.Video ? $"{appointmentTypeName}, video visit" : $"{appointmentTypeName}, in person";

    public override string VideoVisit => "Video visit";

    public override EmailLabels Labels { get; } = new(
        When: "When", Doctor: "Doctor", Patient: "Patient", Visit: "Visit", Clinic: "Clinic", Phone: "Phone",
        ManageLink: "See or change the appointment");

    public override Letter Email(NotificationTemplate template, MessageFacts f) => template switch
    {
        NotificationTemplate.PatientBooked when f.IsConfirmed => new(
            $"Appointment confirmed: {f.Doctor}, {f.ShortWhen}",
            "Your appointment is confirmed",
            [$"Your appointment with {f.Doctor} at {f.Clinic} is booked and confirmed."]),
        NotificationTemplate.PatientBooked => new(
            $"Appointment requested: {f.Doctor}, {f.ShortWhen}",
            "Your appointment is requested",
            [$"You asked for an appointment with {f.Doctor} at {f.Clinic}.",
                "The clinic has yet to confirm it; we will write to you when it does."]),
        NotificationTemplate.PatientConfirmed => new(
            $"Appointment confirmed: {f.Doctor}, {f.ShortWhen}",
            "Your appointment is confirmed",
            [$"{f.Doctor} confirmed your appointment at {f.Clinic}."]),
        NotificationTemplate.PatientRescheduled => new(
            $"Appointment moved: {f.Doctor}, now {f.ShortWhen}",
            "Your appointment has moved",
            [PatientMoved(f),
                $"If the new time does not suit you, change it on the appointment page or call {f.Clinic} on {f.ClinicPhone}."]),
        NotificationTemplate.PatientCancelled => new(
            $"Appointment cancelled: {f.Doctor}, {f.ShortWhen}",
            "Your appointment is cancelled",
            [PatientCancelled(f),
                .. f.Reason is { } reason ? [$"Reason given: {reason}"] : Array.Empty<string>(),
                $"To book again, or if you have questions, call {f.Clinic} on {f.ClinicPhone}."]),
        NotificationTemplate.PatientNoShow => new(
            $"Missed appointment: {f.Doctor}, {f.ShortWhen}",
            "You missed your appointment",
            [$"{f.Doctor} recorded that you did not attend your appointment on {f.When}.",
                $"If this is a mistake, or to book again, call {f.Clinic} on {f.ClinicPhone}."]),
        NotificationTemplate.PatientReminder => new(
            $"Reminder: {f.Doctor}, {f.ShortWhen}",
            "Your appointment is coming up",
            [$"This is a reminder of your appointment with {f.Doctor} on {f.When}.",
                f.IsVideo ? "It is a video visit; the details are on the appointment page." : $"Please come to {f.Clinic}, {f.Address}.",
                .. f.IsConfirmed ? Array.Empty<string>() : ["The clinic has yet to confirm it."]]),
        NotificationTemplate.DoctorBooked => new(
            $"New booking: {f.Patient}, {f.ShortWhen}",
            "New booking",
            [$"{f.Patient} booked an appointment with you on {f.When}.",
                f.IsConfirmed ? "It is confirmed." : "It waits for your confirmation on the appointment page."]),
        NotificationTemplate.DoctorRescheduled => new(
            $"Appointment moved: {f.Patient}, now {f.ShortWhen}",
            "Appointment moved",
            [DoctorMoved(f)]),
        NotificationTemplate.DoctorCancelled => new(
            $"Appointment cancelled: {f.Patient}, {f.ShortWhen}",
            "Appointment cancelled",
            [DoctorCancelled(f)]),
        _ => throw new ArgumentOutOfRangeException(nameof(template), template, "No e-mail for this template."),
    };

    public override string Sms(NotificationTemplate template, MessageFacts f) => template switch
    {
        // Confirmations and reminders fit one message with a 35-character name and the longest date: no "CareSlot"
        // before them (the sender shows it), as in German.
        NotificationTemplate.PatientBooked when f.IsConfirmed => $"Booking confirmed: {f.Doctor}, {f.ShortWhen}. {f.Link}",
        NotificationTemplate.PatientBooked => $"Booking requested: {f.Doctor}, {f.ShortWhen}. {f.Link}",
        NotificationTemplate.PatientConfirmed => $"Booking confirmed: {f.Doctor}, {f.ShortWhen}. {f.Link}",
        NotificationTemplate.PatientRescheduled =>
            $"CareSlot: your appointment with {f.Doctor} moved to {f.ShortWhen} (was {f.PreviousShortWhen}). {f.Link}",
        NotificationTemplate.PatientCancelled =>
            $"CareSlot: your appointment with {f.Doctor}, {f.ShortWhen}, was cancelled {CancelledBy(f.ChangedBy)}. Questions: {f.ClinicPhone} {f.Link}",
        NotificationTemplate.PatientNoShow =>
            $"CareSlot: you missed your appointment with {f.Doctor}, {f.ShortWhen}. Please call {f.ClinicPhone}. {f.Link}",
        NotificationTemplate.PatientReminder when f.IsVideo => $"Reminder: video visit, {f.Doctor}, {f.ShortWhen}. {f.Link}",
        NotificationTemplate.PatientReminder => $"Reminder: {f.Doctor}, {f.ShortWhen}. {f.Link}",
        NotificationTemplate.DoctorBooked => $"CareSlot new booking: {f.Patient}, {f.ShortWhen}. {f.Link}",
        NotificationTemplate.DoctorRescheduled =>
            $"CareSlot: appointment with {f.Patient} moved to {f.ShortWhen} (was {f.PreviousShortWhen}). {f.Link}",
        NotificationTemplate.DoctorCancelled => $"CareSlot: appointment with {f.Patient}, {f.ShortWhen}, was cancelled. {f.Link}",
        _ => throw new ArgumentOutOfRangeException(nameof(template), template, "No text message for this template."),
    };

    public override string Footer(MessageFacts f) =>
        $"CareSlot sent this message about an appointment at {f.Clinic}. Replies to it are not read.";

    public override string CalendarTitle(MessageFacts f, bool forDoctor) =>
        forDoctor ? $"{f.AppointmentType}: {f.Patient}" : $"{f.AppointmentType} with {f.Doctor}";

    public override AccountLetter EmailVerification(string name) => new(
        "Verify your email address for CareSlot",
        $"Hello {name},",
        "Please verify your email address by opening this link within 24 hours:",
        "Verify my email address",
        "If you did not create a CareSlot account, ignore this message.");

    public override AccountLetter PasswordReset(string name) => new(
        "Reset your CareSlot password",
        $"Hello {name},",
        "To choose a new password, open this link within 24 hours:",
        "Choose a new password",
        "If you did not ask for this, ignore this message: your password stays as it is.");

    public override AccountLetter StaffInvitation(string name) => new(
        "You are invited to CareSlot",
        $"Hello {name},",
        "an administrator has created a CareSlot staff account for you. To choose your password, open this link within 3 days, then sign in and turn on two-factor authentication:",
        "Choose my password",
        "If you did not expect this, ignore this message: the account stays unused.");

    public override AccountLetter TwoFactorReset(string name) => new(
        "Two-factor authentication is off on your CareSlot account",
        $"Hello {name},",
        "as you asked, an administrator has turned off two-factor authentication on your account and signed you out everywhere. Sign in and set it up again here:",
        "Set up two-factor authentication",
        "If you did not ask for this, tell the clinic's administrators at once and change your password.");

    public override AccountLetter DoctorApproved(string name) => new(
        "Your CareSlot registration is approved",
        $"Hello {name},",
        "an administrator has checked your registration as a doctor and approved it: patients can now find and book you. Keep your public profile up to date here:",
        "Your public profile",
        "If you did not register with CareSlot, tell the clinic's administrators.");

    public override AccountLetter DoctorRejected(string name, string reason) => new(
        "Your CareSlot registration was not approved",
        $"Hello {name},",
        $"an administrator has checked your registration as a doctor and cannot approve it, for this reason: “{reason}” You can read this again when you sign in:",
        "Sign in to CareSlot",
        "If you think this is a mistake, reply to the clinic's administrators, not to this e-mail: it is not read.");

    public override AccountLetter DoctorQuestion(string name, string question) => new(
        "A question about your CareSlot registration",
        $"Hello {name},",
        $"before an administrator can approve your registration as a doctor, they ask: “{question}” Please answer on your profile page:",
        "Answer the question",
        "Replies to this e-mail are not read; only your answer on the page reaches the administrators.");

    public override string PhoneCode(string code) => $"{code} is your CareSlot verification code. It expires in 10 minutes.";

    public override AccountLetter NewMessage(string name, string sender) => new(
        $"You have a new message from {sender}",
        $"Hello {name},",
        $"You have a new message from {sender} on CareSlot. To read it, sign in through this link:",
        "Read the message",
        "For your privacy, messages are never sent by e-mail. Replies to this e-mail are not read.");

    public override string NewMessageSms(string sender, string link) => $"CareSlot: you have a new message from {sender}. Read it at {link}";

    public override AccountLetter HandedOver(string name, string patient, string when, string colleague) => new(
        $"Appointment handed over: {patient}, {when}",
        $"Hello {name},",
        $"An administrator moved your appointment with {patient} on {when} to {colleague}; it is no longer in your diary. Your visits:",
        "See your visits",
        "You need not do anything. Replies to this e-mail are not read.");
    public override AccountLetter DisputeUpdate(string name, DisputeNotice step) => new(
        step switch
        {
            DisputeNotice.Opened => "A dispute about an appointment has been opened",
            DisputeNotice.Statement => "A new statement in a dispute about an appointment",
            DisputeNotice.Assigned => "An administrator is reviewing a dispute about an appointment",
            DisputeNotice.Question => "An administrator has a question in a dispute about an appointment",
            DisputeNotice.Resolved => "A dispute about an appointment has been resolved",
            _ => "A dispute about an appointment has been withdrawn",
        },
        $"Hello {name},",
        step switch
        {
            DisputeNotice.Opened => "a dispute has been opened about an appointment you are part of. To read it and add your statement, sign in through this link:",
            DisputeNotice.Statement => "a new statement has been added to a dispute about an appointment you are part of. To read it, sign in through this link:",
            DisputeNotice.Assigned => "an administrator has taken on a dispute about an appointment you are part of. To follow it, sign in through this link:",
            DisputeNotice.Question => "an administrator has asked a question in a dispute about an appointment you are part of. To read and answer it, sign in through this link:",
            DisputeNotice.Resolved => "a dispute about an appointment you are part of has been resolved. To read the outcome and its explanation, sign in through this link:",
            _ => "a dispute about an appointment you are part of has been withdrawn. To see its history, sign in through this link:",
        },
        "Open the dispute",
        "For your privacy, what is written in a dispute is never sent by e-mail. Replies to this e-mail are not read.");

    public override AccountLetter TicketReceived(string name, string reference, string subject) => new(
        $"[CareSlot {reference}] {subject}",
        $"Hello {name},",
        $"we have received your request {reference} and will answer as soon as we can. To add to it or read our answer, open it through this link:",
        "Open your request",
        "Keep this e-mail: for a request sent without an account, the link is your way back to it.");

    public override AccountLetter TicketAnswered(string name, string reference, string subject, string answer) => new(
        $"[CareSlot {reference}] Re: {subject}",
        $"Hello {name},",
        $"our support team has answered your request {reference}:\n\n{answer}\n\nTo reply or read the whole conversation, open it through this link:",
        "Open your request",
        "Reply through the link above.");
    public override AccountLetter ReviewUpdate(string name, ReviewNotice notice) => new(
        notice switch
        {
            ReviewNotice.Approved => "Your review has been published",
            ReviewNotice.Rejected => "Your review was not published",
            _ => "A new review is on your profile",
        },
        $"Hello {name},",
        notice switch
        {
            ReviewNotice.Approved => "thank you for rating your visit: your review is now on the doctor's profile. To see it, or to withdraw it, sign in through this link:",
            ReviewNotice.Rejected => "thank you for rating your visit. Your review did not meet our guidelines and will not be published. To read why, sign in through this link:",
            _ => "a patient's review of a visit with you has been published on your profile. To read it and reply once, sign in through this link:",
        },
        "Open your reviews",
        "Replies to this e-mail are not read.");

    public override AccountLetter SurveyInvitation(string name, string title, string until) => new(
        $"A few questions from CareSlot: {title}",
        $"Hello {name},",
        $"we would like to know how CareSlot works for you. The survey “{title}” takes a few minutes, and you do not need to sign in. The link works until {until}:",
        "Answer the survey",
        "The link is for you alone. Replies to this e-mail are not read.");

    private static string CancelledBy(Actor actor) => actor switch
    {
        Actor.Patient => "by you",
        Actor.Doctor => "by the doctor",
        Actor.Admin => "by the clinic",
        Actor.Support => "by CareSlot support at your request",
        _ => "by CareSlot",
    };

    private static string PatientMoved(MessageFacts f) => f.ChangedBy switch
    {
        Actor.Patient => $"You moved your appointment with {f.Doctor} from {f.PreviousWhen} to {f.When}.",
        Actor.Doctor => $"{f.Doctor} moved your appointment from {f.PreviousWhen} to {f.When}.",
        Actor.Admin => $"{f.Clinic} moved your appointment with {f.Doctor} from {f.PreviousWhen} to {f.When}.",
        Actor.Support => $"At your request, CareSlot support moved your appointment with {f.Doctor} from {f.PreviousWhen} to {f.When}.",
        _ => $"CareSlot moved your appointment with {f.Doctor} from {f.PreviousWhen} to {f.When}.",
    };

    private static string PatientCancelled(MessageFacts f) => f.ChangedBy switch
    {
        Actor.Patient => $"You cancelled your appointment with {f.Doctor} on {f.When}.",
        Actor.Doctor => $"{f.Doctor} cancelled your appointment on {f.When}.",
        Actor.Admin => $"{f.Clinic} cancelled your appointment with {f.Doctor} on {f.When}.",
        Actor.Support => $"At your request, CareSlot support cancelled your appointment with {f.Doctor} on {f.When}.",
        _ => $"CareSlot cancelled your appointment with {f.Doctor} on {f.When}.",
    };

    private static string DoctorMoved(MessageFacts f) => f.ChangedBy switch
    {
        Actor.Patient => $"{f.Patient} moved their appointment from {f.PreviousWhen} to {f.When}.",
        Actor.Doctor => $"You moved the appointment with {f.Patient} from {f.PreviousWhen} to {f.When}.",
        Actor.Admin => $"{f.Clinic} moved the appointment with {f.Patient} from {f.PreviousWhen} to {f.When}.",
        Actor.Support => $"At the patient's request, CareSlot support moved the appointment with {f.Patient} from {f.PreviousWhen} to {f.When}.",
        _ => $"CareSlot moved the appointment with {f.Patient} from {f.PreviousWhen} to {f.When}.",
    };

    private static string DoctorCancelled(MessageFacts f) => f.ChangedBy switch
    {
        Actor.Patient => $"{f.Patient} cancelled their appointment on {f.When}.",
        Actor.Doctor => $"You cancelled the appointment with {f.Patient} on {f.When}.",
        Actor.Admin => $"{f.Clinic} cancelled the appointment with {f.Patient} on {f.When}.",
        Actor.Support => $"At the patient's request, CareSlot support cancelled the appointment with {f.Patient} on {f.When}.",
        _ => $"CareSlot cancelled the appointment with {f.Patient} on {f.When}.",
    };
}
