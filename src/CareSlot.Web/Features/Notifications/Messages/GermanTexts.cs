using System.Globalization;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Time;
using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Features.Notifications.Messages;

/// <summary>
/// German, formal ("Sie"), as a practice writes to its patients. A clinic's name stands where it needs no article
/// ("rufen Sie bitte die Praxis an: Praxis am Park, …"): the article would depend on the name. Text messages use only
/// GSM-7 characters: plain quotes, hyphens and dots, never „“, – or … (umlauts and ß are in the GSM-7 alphabet), and
/// confirmations and reminders stay short enough for one message with a long doctor's name, the latest date and the link.
/// Like English, it writes its own dates: ClinicTime follows the request's language, a message the recipient's.
/// </summary>
internal sealed class GermanTexts : MessageTexts
{
    /// <summary>German as German print abbreviates it ("Mo.", "Dez."), whatever ICU version the machine has.</summary>
    private static readonly CultureInfo German = ClinicTime.DateCulture("de");

    /// <summary>"Mo., 7. Dez. 2026".</summary>
    private static readonly LocalDatePattern Day = LocalDatePattern.Create("ddd, d. MMM uuuu", German);

    /// <summary>"Mo. 7.12.".</summary>
    private static readonly LocalDatePattern ShortDay = LocalDatePattern.Create("ddd d.M.", German);

    private static readonly LocalTimePattern Time = LocalTimePattern.Create("HH':'mm", German);

    public override string Language => "de";

    /// <summary>"Mo., 7. Dez. 2026, 09:00–09:30 MEZ".</summary>
    public override string Span(ZonedDateTime start, ZonedDateTime end) =>
        $"{Day.Format(start.Date)}, {Time.Format(start.TimeOfDay)}–{Time.Format(end.TimeOfDay)} {Zone(start)}";

    /// <summary>"Mo., 7. Dez. 2026, 09:00 MEZ".</summary>
    public override string Moment(ZonedDateTime time) => $"{Day.Format(time.Date)}, {Time.Format(time.TimeOfDay)} {Zone(time)}";

    /// <summary>"Mo. 7.12., 09:00 MEZ".</summary>
    public override string ShortMoment(ZonedDateTime time) =>
        $"{ShortDay.Format(time.Date)}, {Time.Format(time.TimeOfDay)} {Zone(time)}";

    public override string Visit(string appointmentTypeName, VisitMode mode) =>
        mode == VisitMode.Video ? $"{appointmentTypeName}, Videosprechstunde" : $"{appointmentTypeName}, vor Ort";

    public override string VideoVisit => "Videosprechstunde";

    public override EmailLabels Labels { get; } = new(
        When: "Wann", Doctor: "Arzt", Patient: "Patient", Visit: "Terminart", Clinic: "Praxis", Phone: "Telefon",
        ManageLink: "Termin ansehen oder ändern");

    public override Letter Email(NotificationTemplate template, MessageFacts f) => template switch
    {
        NotificationTemplate.PatientBooked when f.IsConfirmed => new(
            $"Termin bestätigt: {f.Doctor}, {f.ShortWhen}",
            "Ihr Termin ist bestätigt",
            [$"Ihr Termin bei {f.Doctor} ({f.Clinic}) ist gebucht und bestätigt."]),
        NotificationTemplate.PatientBooked => new(
            $"Termin angefragt: {f.Doctor}, {f.ShortWhen}",
            "Ihr Termin ist angefragt",
            [$"Sie haben einen Termin bei {f.Doctor} ({f.Clinic}) angefragt.",
                "Die Praxis muss ihn noch bestätigen; wir schreiben Ihnen, sobald sie es getan hat."]),
        NotificationTemplate.PatientConfirmed => new(
            $"Termin bestätigt: {f.Doctor}, {f.ShortWhen}",
            "Ihr Termin ist bestätigt",
            [$"{f.Doctor} ({f.Clinic}) hat Ihren Termin bestätigt."]),
        NotificationTemplate.PatientRescheduled => new(
            $"Termin verschoben: {f.Doctor}, jetzt {f.ShortWhen}",
            "Ihr Termin wurde verschoben",
            [PatientMoved(f),
                $"Wenn Ihnen der neue Termin nicht passt, ändern Sie ihn auf der Terminseite oder rufen Sie die Praxis an: {f.Clinic}, {f.ClinicPhone}."]),
        NotificationTemplate.PatientCancelled => new(
            $"Termin abgesagt: {f.Doctor}, {f.ShortWhen}",
            "Ihr Termin wurde abgesagt",
            [PatientCancelled(f),
                .. f.Reason is { } reason ? [$"Angegebener Grund: {reason}"] : Array.Empty<string>(),
                $"Für einen neuen Termin oder bei Fragen rufen Sie bitte die Praxis an: {f.Clinic}, {f.ClinicPhone}."]),
        NotificationTemplate.PatientNoShow => new(
            $"Versäumter Termin: {f.Doctor}, {f.ShortWhen}",
            "Sie haben Ihren Termin versäumt",
            [$"{f.Doctor} hat vermerkt, dass Sie Ihren Termin am {f.When} nicht wahrgenommen haben.",
                $"Falls das ein Irrtum ist oder Sie einen neuen Termin möchten, rufen Sie bitte die Praxis an: {f.Clinic}, {f.ClinicPhone}."]),
        NotificationTemplate.PatientReminder => new(
            $"Terminerinnerung: {f.Doctor}, {f.ShortWhen}",
            "Ihr Termin steht bevor",
            [$"Wir erinnern Sie an Ihren Termin bei {f.Doctor} am {f.When}.",
                f.IsVideo ? "Es ist eine Videosprechstunde; die Einzelheiten finden Sie auf der Terminseite." : $"Bitte kommen Sie in die Praxis: {f.Clinic}, {f.Address}.",
                .. f.IsConfirmed ? Array.Empty<string>() : ["Die Praxis hat den Termin noch nicht bestätigt."]]),
        NotificationTemplate.DoctorBooked => new(
            $"Neuer Termin: {f.Patient}, {f.ShortWhen}",
            "Neuer Termin",
            [$"{f.Patient} hat einen Termin bei Ihnen gebucht: {f.When}.",
                f.IsConfirmed ? "Der Termin ist bestätigt." : "Bitte bestätigen Sie ihn auf der Terminseite."]),
        NotificationTemplate.DoctorRescheduled => new(
            $"Termin verschoben: {f.Patient}, jetzt {f.ShortWhen}",
            "Termin verschoben",
            [DoctorMoved(f)]),
        NotificationTemplate.DoctorCancelled => new(
            $"Termin abgesagt: {f.Patient}, {f.ShortWhen}",
            "Termin abgesagt",
            [DoctorCancelled(f)]),
        _ => throw new ArgumentOutOfRangeException(nameof(template), template, "No e-mail for this template."),
    };

    /// <remarks>
    /// Each starts with what happened, so the preview on a lock screen says it; the sender (often a number) does not
    /// name CareSlot, the link does. The budget of a confirmation or reminder: 160 less a 35-character name, a
    /// 22-character time ("Sa. 30.10., 09:30 MESZ") and a 76-character link leaves 27 for the words.
    /// </remarks>
    public override string Sms(NotificationTemplate template, MessageFacts f) => template switch
    {
        NotificationTemplate.PatientBooked when f.IsConfirmed => $"Termin bestätigt: {f.Doctor}, {f.ShortWhen}. {f.Link}",
        NotificationTemplate.PatientBooked => $"Termin angefragt: {f.Doctor}, {f.ShortWhen}. {f.Link}",
        NotificationTemplate.PatientConfirmed => $"Termin bestätigt: {f.Doctor}, {f.ShortWhen}. {f.Link}",
        NotificationTemplate.PatientRescheduled => $"Termin verschoben: {f.Doctor}, jetzt {f.ShortWhen} (vorher {f.PreviousShortWhen}). {f.Link}",
        NotificationTemplate.PatientCancelled => $"{SmsCancelled(f)} Bei Fragen: {f.ClinicPhone} {f.Link}",
        NotificationTemplate.PatientNoShow => $"Termin versäumt: {f.Doctor}, {f.ShortWhen}. Bitte rufen Sie {f.ClinicPhone} an. {f.Link}",
        NotificationTemplate.PatientReminder when f.IsVideo => $"Erinnerung: Video bei {f.Doctor}, {f.ShortWhen}. {f.Link}",
        NotificationTemplate.PatientReminder => $"Terminerinnerung: {f.Doctor}, {f.ShortWhen}. {f.Link}",
        NotificationTemplate.DoctorBooked => $"Neuer Termin: {f.Patient}, {f.ShortWhen}. {f.Link}",
        NotificationTemplate.DoctorRescheduled => $"Termin verschoben: {f.Patient}, jetzt {f.ShortWhen} (vorher {f.PreviousShortWhen}). {f.Link}",
        NotificationTemplate.DoctorCancelled => $"Termin abgesagt: {f.Patient}, {f.ShortWhen}. {f.Link}",
        _ => throw new ArgumentOutOfRangeException(nameof(template), template, "No text message for this template."),
    };

    public override string Footer(MessageFacts f) =>
        $"CareSlot hat diese Nachricht zu einem Termin bei {f.Clinic} gesendet. Antworten darauf werden nicht gelesen.";

    public override string CalendarTitle(MessageFacts f, bool forDoctor) =>
        forDoctor ? $"{f.AppointmentType}: {f.Patient}" : $"{f.AppointmentType} bei {f.Doctor}";

    /// <remarks>The sentence after "Guten Tag …," goes on in lower case, as German letters do after a greeting with a comma.</remarks>
    public override AccountLetter EmailVerification(string name) => new(
        "Bestätigen Sie Ihre E-Mail-Adresse für CareSlot",
        $"Guten Tag {name},",
        "bitte bestätigen Sie Ihre E-Mail-Adresse, indem Sie innerhalb von 24 Stunden diesen Link öffnen:",
        "Meine E-Mail-Adresse bestätigen",
        "Wenn Sie kein CareSlot-Konto angelegt haben, ignorieren Sie diese Nachricht.");

    /// <remarks>The link's words are the heading of the page it opens.</remarks>
    public override AccountLetter PasswordReset(string name) => new(
        "Ihr CareSlot-Passwort zurücksetzen",
        $"Guten Tag {name},",
        "um ein neues Passwort festzulegen, öffnen Sie innerhalb von 24 Stunden diesen Link:",
        "Neues Passwort festlegen",
        "Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Ihr Passwort bleibt unverändert.");

    public override AccountLetter StaffInvitation(string name) => new(
        "Einladung zu CareSlot",
        $"Guten Tag {name},",
        "eine Administratorin oder ein Administrator hat für Sie ein CareSlot-Mitarbeiterkonto angelegt. Um Ihr Passwort festzulegen, öffnen Sie innerhalb von 3 Tagen diesen Link; melden Sie sich danach an und schalten Sie die Zwei-Faktor-Authentifizierung ein:",
        "Mein Passwort festlegen",
        "Wenn Sie damit nicht gerechnet haben, ignorieren Sie diese Nachricht: Das Konto bleibt ungenutzt.");

    public override AccountLetter TwoFactorReset(string name) => new(
        "Die Zwei-Faktor-Authentifizierung Ihres CareSlot-Kontos ist ausgeschaltet",
        $"Guten Tag {name},",
        "auf Ihre Bitte hat eine Administratorin oder ein Administrator die Zwei-Faktor-Authentifizierung Ihres Kontos ausgeschaltet und Sie überall abgemeldet. Melden Sie sich an und richten Sie sie hier wieder ein:",
        "Zwei-Faktor-Authentifizierung einrichten",
        "Wenn Sie das nicht veranlasst haben, informieren Sie sofort die Administration der Praxis und ändern Sie Ihr Passwort.");

    public override AccountLetter DoctorApproved(string name) => new(
        "Ihre Registrierung bei CareSlot ist freigegeben",
        $"Guten Tag {name},",
        "die Administration hat Ihre Registrierung als Ärztin oder Arzt geprüft und freigegeben: Patientinnen und Patienten können Sie jetzt finden und Termine bei Ihnen buchen. Ihr öffentliches Profil pflegen Sie hier:",
        "Ihr öffentliches Profil",
        "Wenn Sie sich nicht bei CareSlot registriert haben, informieren Sie bitte die Administration der Praxis.");

    public override AccountLetter DoctorRejected(string name, string reason) => new(
        "Ihre Registrierung bei CareSlot wurde nicht freigegeben",
        $"Guten Tag {name},",
        $"die Administration hat Ihre Registrierung als Ärztin oder Arzt geprüft und kann sie aus folgendem Grund nicht freigeben: „{reason}“ Sie können den Grund nach der Anmeldung erneut lesen:",
        "Bei CareSlot anmelden",
        "Wenn Sie das für einen Irrtum halten, wenden Sie sich an die Administration der Praxis; Antworten auf diese E-Mail werden nicht gelesen.");

    public override AccountLetter DoctorQuestion(string name, string question) => new(
        "Eine Rückfrage zu Ihrer Registrierung bei CareSlot",
        $"Guten Tag {name},",
        $"bevor die Administration Ihre Registrierung als Ärztin oder Arzt freigeben kann, bittet sie um folgende Auskunft: „{question}“ Bitte antworten Sie auf Ihrer Profilseite:",
        "Frage beantworten",
        "Antworten auf diese E-Mail werden nicht gelesen; nur Ihre Antwort auf der Seite erreicht die Administration.");

    public override string PhoneCode(string code) => $"{code} ist Ihr CareSlot-Bestätigungscode. Er ist 10 Minuten gültig.";

    public override AccountLetter NewMessage(string name, string sender) => new(
        $"Sie haben eine neue Nachricht von {sender}",
        $"Guten Tag {name},",
        $"Sie haben in CareSlot eine neue Nachricht von {sender}. Zum Lesen melden Sie sich über diesen Link an:",
        "Nachricht lesen",
        "Zu Ihrem Schutz versenden wir Nachrichten nie per E-Mail. Antworten auf diese E-Mail werden nicht gelesen.");

    public override string NewMessageSms(string sender, string link) => $"CareSlot: Sie haben eine neue Nachricht von {sender}. Lesen: {link}";

    public override AccountLetter HandedOver(string name, string patient, string when, string colleague) => new(
        $"Termin übergeben: {patient}, {when}",
        $"Guten Tag {name},",
        $"Die Administration hat Ihren Termin mit {patient} am {when} an {colleague} übergeben; er steht nicht mehr in Ihrem Kalender. Ihre Termine:",
        "Ihre Termine ansehen",
        "Sie müssen nichts weiter tun. Antworten auf diese E-Mail werden nicht gelesen.");
    public override AccountLetter DisputeUpdate(string name, DisputeNotice step) => new(
        step switch
        {
            DisputeNotice.Opened => "Zu einem Termin wurde ein Einspruch eingelegt",
            DisputeNotice.Statement => "Neue Stellungnahme in einem Einspruch zu einem Termin",
            DisputeNotice.Assigned => "Die Administration prüft einen Einspruch zu einem Termin",
            DisputeNotice.Question => "Die Administration hat eine Frage zu einem Einspruch",
            DisputeNotice.Resolved => "Ein Einspruch zu einem Termin wurde entschieden",
            _ => "Ein Einspruch zu einem Termin wurde zurückgezogen",
        },
        $"Guten Tag {name},",
        step switch
        {
            DisputeNotice.Opened => "zu einem Termin, an dem Sie beteiligt sind, wurde ein Einspruch eingelegt. Um ihn zu lesen und Stellung zu nehmen, melden Sie sich über diesen Link an:",
            DisputeNotice.Statement => "zu einem Einspruch über einen Termin, an dem Sie beteiligt sind, gibt es eine neue Stellungnahme. Zum Lesen melden Sie sich über diesen Link an:",
            DisputeNotice.Assigned => "die Administration prüft nun einen Einspruch zu einem Termin, an dem Sie beteiligt sind. Um den Verlauf zu verfolgen, melden Sie sich über diesen Link an:",
            DisputeNotice.Question => "die Administration hat zu einem Einspruch über einen Termin, an dem Sie beteiligt sind, eine Frage gestellt. Um sie zu lesen und zu beantworten, melden Sie sich über diesen Link an:",
            DisputeNotice.Resolved => "ein Einspruch zu einem Termin, an dem Sie beteiligt sind, wurde entschieden. Um die Entscheidung und ihre Begründung zu lesen, melden Sie sich über diesen Link an:",
            _ => "ein Einspruch zu einem Termin, an dem Sie beteiligt sind, wurde zurückgezogen. Um den Verlauf zu sehen, melden Sie sich über diesen Link an:",
        },
        "Einspruch öffnen",
        "Zu Ihrem Schutz versenden wir die Inhalte eines Einspruchs nie per E-Mail. Antworten auf diese E-Mail werden nicht gelesen.");

    public override AccountLetter ReviewUpdate(string name, ReviewNotice notice) => new(
        notice switch
        {
            ReviewNotice.Approved => "Ihre Bewertung wurde veröffentlicht",
            ReviewNotice.Rejected => "Ihre Bewertung wurde nicht veröffentlicht",
            _ => "Eine neue Bewertung auf Ihrem Profil",
        },
        $"Guten Tag {name},",
        notice switch
        {
            ReviewNotice.Approved => "danke für die Bewertung Ihres Termins: Ihre Bewertung steht jetzt im Profil der Ärztin oder des Arztes. Um sie anzusehen oder zurückzuziehen, melden Sie sich über diesen Link an:",
            ReviewNotice.Rejected => "danke für die Bewertung Ihres Termins. Ihre Bewertung entspricht nicht unseren Richtlinien und wird nicht veröffentlicht. Um den Grund zu lesen, melden Sie sich über diesen Link an:",
            _ => "die Bewertung eines Termins bei Ihnen wurde in Ihrem Profil veröffentlicht. Um sie zu lesen und einmal zu antworten, melden Sie sich über diesen Link an:",
        },
        "Ihre Bewertungen öffnen",
        "Antworten auf diese E-Mail werden nicht gelesen.");

    public override AccountLetter SurveyInvitation(string name, string title, string until) => new(
        $"Ein paar Fragen von CareSlot: {title}",
        $"Guten Tag {name},",
        $"wir möchten gern wissen, wie CareSlot für Sie funktioniert. Die Umfrage „{title}“ dauert wenige Minuten, und Sie müssen sich nicht anmelden. Der Link gilt bis {until}:",
        "Zur Umfrage",
        "Der Link ist nur für Sie bestimmt. Antworten auf diese E-Mail werden nicht gelesen.");

    /// <summary>German readers know Central European time as MEZ and MESZ; other zones keep the database's abbreviation.</summary>
    public override AccountLetter TicketReceived(string name, string reference, string subject) => new(
        $"[CareSlot {reference}] {subject}",
        $"Guten Tag {name},",
        $"wir haben Ihre Anfrage {reference} erhalten und antworten so bald wie möglich. Um etwas zu ergänzen oder unsere Antwort zu lesen, öffnen Sie sie über diesen Link:",
        "Anfrage öffnen",
        "Bewahren Sie diese E-Mail auf: Bei einer Anfrage ohne Konto ist der Link Ihr Weg zurück zu ihr.");

    public override AccountLetter TicketAnswered(string name, string reference, string subject, string answer) => new(
        $"[CareSlot {reference}] AW: {subject}",
        $"Guten Tag {name},",
        $"unser Support-Team hat Ihre Anfrage {reference} beantwortet:\n\n{answer}\n\nUm zu antworten oder das ganze Gespräch zu lesen, öffnen Sie sie über diesen Link:",
        "Anfrage öffnen",
        "Antworten Sie bitte über den Link oben.");

    private static string Zone(ZonedDateTime time) => ClinicTime.Abbreviation(time, "de");

    private static string SmsCancelled(MessageFacts f) => f.ChangedBy switch
    {
        Actor.Patient => $"Sie haben Ihren Termin bei {f.Doctor} am {f.ShortWhen} abgesagt.",
        Actor.Doctor => $"{f.Doctor} hat Ihren Termin am {f.ShortWhen} abgesagt.",
        Actor.Admin => $"{f.Clinic} hat Ihren Termin bei {f.Doctor} am {f.ShortWhen} abgesagt.",
        Actor.Support => $"Auf Ihren Wunsch hat der CareSlot-Support Ihren Termin bei {f.Doctor} am {f.ShortWhen} abgesagt.",
        _ => $"CareSlot hat Ihren Termin bei {f.Doctor} am {f.ShortWhen} abgesagt.",
    };

    private static string PatientMoved(MessageFacts f) => f.ChangedBy switch
    {
        Actor.Patient => $"Sie haben Ihren Termin bei {f.Doctor} von {f.PreviousWhen} auf {f.When} verschoben.",
        Actor.Doctor => $"{f.Doctor} hat Ihren Termin von {f.PreviousWhen} auf {f.When} verschoben.",
        Actor.Admin => $"{f.Clinic} hat Ihren Termin bei {f.Doctor} von {f.PreviousWhen} auf {f.When} verschoben.",
        Actor.Support => $"Auf Ihren Wunsch hat der CareSlot-Support Ihren Termin bei {f.Doctor} von {f.PreviousWhen} auf {f.When} verschoben.",
        _ => $"CareSlot hat Ihren Termin bei {f.Doctor} von {f.PreviousWhen} auf {f.When} verschoben.",
    };

    private static string PatientCancelled(MessageFacts f) => f.ChangedBy switch
    {
        Actor.Patient => $"Sie haben Ihren Termin bei {f.Doctor} am {f.When} abgesagt.",
        Actor.Doctor => $"{f.Doctor} hat Ihren Termin am {f.When} abgesagt.",
        Actor.Admin => $"{f.Clinic} hat Ihren Termin bei {f.Doctor} am {f.When} abgesagt.",
        Actor.Support => $"Auf Ihren Wunsch hat der CareSlot-Support Ihren Termin bei {f.Doctor} am {f.When} abgesagt.",
        _ => $"CareSlot hat Ihren Termin bei {f.Doctor} am {f.When} abgesagt.",
    };

    private static string DoctorMoved(MessageFacts f) => f.ChangedBy switch
    {
        Actor.Patient => $"{f.Patient} hat den Termin von {f.PreviousWhen} auf {f.When} verschoben.",
        Actor.Doctor => $"Sie haben den Termin mit {f.Patient} von {f.PreviousWhen} auf {f.When} verschoben.",
        Actor.Admin => $"{f.Clinic} hat den Termin mit {f.Patient} von {f.PreviousWhen} auf {f.When} verschoben.",
        Actor.Support => $"Der CareSlot-Support hat den Termin mit {f.Patient} auf dessen Wunsch von {f.PreviousWhen} auf {f.When} verschoben.",
        _ => $"CareSlot hat den Termin mit {f.Patient} von {f.PreviousWhen} auf {f.When} verschoben.",
    };

    private static string DoctorCancelled(MessageFacts f) => f.ChangedBy switch
    {
        Actor.Patient => $"{f.Patient} hat den Termin am {f.When} abgesagt.",
        Actor.Doctor => $"Sie haben den Termin mit {f.Patient} am {f.When} abgesagt.",
        Actor.Admin => $"{f.Clinic} hat den Termin mit {f.Patient} am {f.When} abgesagt.",
        Actor.Support => $"Der CareSlot-Support hat den Termin mit {f.Patient} auf dessen Wunsch am {f.When} abgesagt.",
        _ => $"CareSlot hat den Termin mit {f.Patient} am {f.When} abgesagt.",
    };
}
