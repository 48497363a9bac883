using CultureInfo = System.Globalization.CultureInfo;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Schedules;
using Ical.Net;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Notifications.Messages;

/// <summary>The appointment messages to someone whose language is German: words, dates, zones, calendar, and SMS length.</summary>
public sealed class GermanMessagesTests
{
    public static TheoryData<NotificationTemplate> Templates => SampleAppointment.Templates;

    private static Recipient To(NotificationTemplate template, string culture = "de") => SampleAppointment.RecipientOf(template) with { Culture = culture };

    private static EmailMessage Email(NotificationTemplate template, AppointmentFacts facts, string culture = "de") =>
        SampleAppointment.Renderer().RenderEmail(template, facts, To(template, culture), SampleAppointment.MessageId(template));

    private static SmsMessage Sms(NotificationTemplate template, AppointmentFacts facts) =>
        SampleAppointment.Renderer().RenderSms(template, facts, To(template) with { Address = "+4915112345678" });

    [Theory]
    [MemberData(nameof(Templates))]
    public void RenderEmail_EveryTemplate_IsGermanWithGermanDatesLabelsAndLang(NotificationTemplate template)
    {
        var email = Email(template, SampleAppointment.Facts(template));
        var document = new HtmlParser().ParseDocument(email.HtmlBody!);

        Assert.Equal("de", document.DocumentElement.GetAttribute("lang"));
        foreach (var body in new[] { email.TextBody, document.Body!.TextContent })
        {
            Assert.Contains("Di., 1. Dez. 2026, 09:30–10:00 MEZ", body, StringComparison.Ordinal);
            Assert.Contains("Check-up, vor Ort", body, StringComparison.Ordinal);
            Assert.Contains("Praxis am Park, Hauptstraße 1, 10115 Berlin", body, StringComparison.Ordinal);
            Assert.Contains("Termin ansehen oder ändern", body, StringComparison.Ordinal);
            Assert.Contains("Antworten darauf werden nicht gelesen.", body, StringComparison.Ordinal);
        }
        Assert.Contains("Wann: Di., 1. Dez. 2026", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Arzt: Dr. Anna Weber", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Di. 1.12., 09:30 MEZ", email.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("appointment", WithoutLinks(email.TextBody), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" CET", email.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NotificationTemplate.PatientBooked, "Termin bestätigt: Dr. Anna Weber, Di. 1.12., 09:30 MEZ", "Ihr Termin ist bestätigt")]
    [InlineData(NotificationTemplate.PatientConfirmed, "Termin bestätigt: Dr. Anna Weber, Di. 1.12., 09:30 MEZ", "Ihr Termin ist bestätigt")]
    [InlineData(NotificationTemplate.PatientReminder, "Terminerinnerung: Dr. Anna Weber, Di. 1.12., 09:30 MEZ", "Ihr Termin steht bevor")]
    [InlineData(NotificationTemplate.PatientCancelled, "Termin abgesagt: Dr. Anna Weber, Di. 1.12., 09:30 MEZ", "Ihr Termin wurde abgesagt")]
    [InlineData(NotificationTemplate.PatientRescheduled, "Termin verschoben: Dr. Anna Weber, jetzt Di. 1.12., 09:30 MEZ", "Ihr Termin wurde verschoben")]
    [InlineData(NotificationTemplate.PatientNoShow, "Versäumter Termin: Dr. Anna Weber, Di. 1.12., 09:30 MEZ", "Sie haben Ihren Termin versäumt")]
    [InlineData(NotificationTemplate.DoctorBooked, "Neuer Termin: Ada Lovelace, Di. 1.12., 09:30 MEZ", "Neuer Termin")]
    [InlineData(NotificationTemplate.DoctorCancelled, "Termin abgesagt: Ada Lovelace, Di. 1.12., 09:30 MEZ", "Termin abgesagt")]
    public void RenderEmail_Template_HasItsGermanSubjectAndHeading(NotificationTemplate template, string subject, string heading)
    {
        var email = Email(template, SampleAppointment.Facts(template));

        Assert.Equal(subject, email.Subject);
        Assert.StartsWith(heading + "\n", email.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-12-07T08:00:00Z", "Mo., 7. Dez. 2026, 09:00–09:30 MEZ", "Mo. 7.12., 09:00 MEZ")]
    [InlineData("Europe/Berlin", "2026-07-01T07:30:00Z", "Mi., 1. Juli 2026, 09:30–10:00 MESZ", "Mi. 1.7., 09:30 MESZ")]
    [InlineData("Europe/Berlin", "2026-09-30T07:30:00Z", "Mi., 30. Sept. 2026, 09:30–10:00 MESZ", "Mi. 30.9., 09:30 MESZ")]
    [InlineData("Europe/Berlin", "2027-03-01T08:30:00Z", "Mo., 1. März 2027, 09:30–10:00 MEZ", "Mo. 1.3., 09:30 MEZ")]
    [InlineData("Europe/London", "2026-12-06T09:30:00Z", "So., 6. Dez. 2026, 09:30–10:00 GMT", "So. 6.12., 09:30 GMT")]
    [InlineData("America/New_York", "2026-12-02T02:00:00Z", "Di., 1. Dez. 2026, 21:00–21:30 EST", "Di. 1.12., 21:00 EST")]
    public void Render_ClinicZone_GermanDateWithMezForCentralEuropeAndTheDatabaseAbbreviationElsewhere(
        string zoneId, string startUtc, string full, string brief)
    {
        var start = NodaTime.Text.InstantPattern.General.Parse(startUtc).Value;
        var facts = SampleAppointment.Facts() with
        {
            Start = start,
            End = start + Duration.FromMinutes(30),
            Clinic = SampleAppointment.Facts().Clinic with { Zone = DateTimeZoneProviders.Tzdb[zoneId] },
        };

        var email = Email(NotificationTemplate.PatientReminder, facts);
        var sms = Sms(NotificationTemplate.PatientReminder, facts);

        Assert.Contains($"am {full}.", email.TextBody, StringComparison.Ordinal);
        Assert.Contains(brief, email.Subject, StringComparison.Ordinal);
        Assert.Contains(brief, sms.Body, StringComparison.Ordinal);
    }

    /// <summary>The dispatcher runs with the server's culture, and ClinicTime follows the request's: neither may choose a message's words.</summary>
    [Theory]
    [InlineData("en", "de-DE", "Tuesday 1 December 2026, 09:30–10:00 CET", "Tue 1 Dec 09:30 CET")]
    [InlineData("en", "fr-FR", "Tuesday 1 December 2026, 09:30–10:00 CET", "Tue 1 Dec 09:30 CET")]
    [InlineData("de", "en-US", "Di., 1. Dez. 2026, 09:30–10:00 MEZ", "Di. 1.12., 09:30 MEZ")]
    public void Render_AmbientCulture_DoesNotChangeTheRecipientsDates(string recipient, string ambient, string full, string brief)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(ambient);

            var email = Email(NotificationTemplate.PatientBooked, SampleAppointment.Facts(), recipient);

            Assert.Contains(full, email.TextBody, StringComparison.Ordinal);
            Assert.Contains(brief, email.Subject, StringComparison.Ordinal);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }

    [Theory]
    [InlineData(NotificationTemplate.PatientRescheduled,
        "Sie haben Ihren Termin bei Dr. Anna Weber von Do., 22. Okt. 2026, 09:30 MESZ auf Di., 1. Dez. 2026, 09:30–10:00 MEZ verschoben.",
        "Termin verschoben: Dr. Anna Weber, jetzt Di. 1.12., 09:30 MEZ (vorher Do. 22.10., 09:30 MESZ). ")]
    [InlineData(NotificationTemplate.DoctorRescheduled,
        "Ada Lovelace hat den Termin von Do., 22. Okt. 2026, 09:30 MESZ auf Di., 1. Dez. 2026, 09:30–10:00 MEZ verschoben.",
        "Termin verschoben: Ada Lovelace, jetzt Di. 1.12., 09:30 MEZ (vorher Do. 22.10., 09:30 MESZ). ")]
    public void Render_RescheduleAcrossTheEndOfSummerTime_SaysBothTimesInGerman(NotificationTemplate template, string sentence, string sms)
    {
        var facts = SampleAppointment.Facts(template) with { PreviousStart = Instant.FromUtc(2026, 10, 22, 7, 30) };

        Assert.Contains(sentence, Email(template, facts).TextBody, StringComparison.Ordinal);
        Assert.StartsWith(sms, Sms(template, facts).Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NotificationTemplate.PatientCancelled, Actor.Patient, "Sie haben Ihren Termin bei Dr. Anna Weber am Di., 1. Dez. 2026")]
    [InlineData(NotificationTemplate.PatientCancelled, Actor.Doctor, "Dr. Anna Weber hat Ihren Termin am Di., 1. Dez. 2026")]
    [InlineData(NotificationTemplate.PatientCancelled, Actor.Admin, "Praxis am Park hat Ihren Termin bei Dr. Anna Weber am ")]
    [InlineData(NotificationTemplate.PatientCancelled, Actor.System, "CareSlot hat Ihren Termin bei Dr. Anna Weber am ")]
    [InlineData(NotificationTemplate.DoctorCancelled, Actor.Patient, "Ada Lovelace hat den Termin am ")]
    [InlineData(NotificationTemplate.DoctorCancelled, Actor.Doctor, "Sie haben den Termin mit Ada Lovelace am ")]
    [InlineData(NotificationTemplate.PatientRescheduled, Actor.Doctor, "Dr. Anna Weber hat Ihren Termin von ")]
    [InlineData(NotificationTemplate.PatientRescheduled, Actor.Admin, "Praxis am Park hat Ihren Termin bei Dr. Anna Weber von ")]
    [InlineData(NotificationTemplate.DoctorRescheduled, Actor.Admin, "Praxis am Park hat den Termin mit Ada Lovelace von ")]
    [InlineData(NotificationTemplate.PatientCancelled, Actor.Support, "Auf Ihren Wunsch hat der CareSlot-Support Ihren Termin bei Dr. Anna Weber am ")]
    [InlineData(NotificationTemplate.DoctorRescheduled, Actor.Support, "Der CareSlot-Support hat den Termin mit Ada Lovelace auf dessen Wunsch von ")]
    public void RenderEmail_Change_SaysWhoMadeItInGerman(NotificationTemplate template, Actor actor, string sentence)
    {
        var email = Email(template, SampleAppointment.Facts(template) with { ChangedBy = actor });

        Assert.Contains(sentence, email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderEmail_CancelledWithAReason_GivesItToThePatientWithTheClinicsPhone()
    {
        var template = NotificationTemplate.PatientCancelled;

        var email = Email(template, SampleAppointment.Facts(template) with { ChangeReason = "Die Ärztin ist krank" });

        Assert.Contains("Angegebener Grund: Die Ärztin ist krank", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("rufen Sie bitte die Praxis an: Praxis am Park, +49 30 1234567.", email.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(VisitMode.InPerson, "Bitte kommen Sie in die Praxis: Praxis am Park, Hauptstraße 1, 10115 Berlin.", "Terminerinnerung: Dr. Anna Weber")]
    [InlineData(VisitMode.Video, "Es ist eine Videosprechstunde; die Einzelheiten finden Sie auf der Terminseite.", "Erinnerung: Video bei Dr. Anna Weber")]
    public void RenderReminder_Mode_SaysWhereToGoOrThatItIsByVideo(VisitMode mode, string sentence, string sms)
    {
        var facts = SampleAppointment.Facts(NotificationTemplate.PatientReminder) with { Mode = mode, Status = AppointmentStatus.Requested };

        var email = Email(NotificationTemplate.PatientReminder, facts);

        Assert.Contains(sentence, email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Die Praxis hat den Termin noch nicht bestätigt.", email.TextBody, StringComparison.Ordinal);
        Assert.StartsWith(sms, Sms(NotificationTemplate.PatientReminder, facts).Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AppointmentStatus.Requested, "Termin angefragt: ", "Ihr Termin ist angefragt", "Termin angefragt: Dr. Anna Weber, Di. 1.12., 09:30 MEZ. https://")]
    [InlineData(AppointmentStatus.Confirmed, "Termin bestätigt: ", "Ihr Termin ist bestätigt", "Termin bestätigt: Dr. Anna Weber, Di. 1.12., 09:30 MEZ. https://")]
    public void RenderBooking_Status_SaysAngefragtOrBestaetigt(AppointmentStatus status, string subject, string heading, string sms)
    {
        var facts = SampleAppointment.Facts() with { Status = status };

        var email = Email(NotificationTemplate.PatientBooked, facts);

        Assert.StartsWith(subject, email.Subject, StringComparison.Ordinal);
        Assert.StartsWith(heading, email.TextBody, StringComparison.Ordinal);
        Assert.StartsWith(sms, Sms(NotificationTemplate.PatientBooked, facts).Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de")]
    [InlineData("de-DE")]
    [InlineData("de-AT")]
    [InlineData("DE_ch")]
    public void RenderEmail_AnyGermanCulture_IsGerman(string culture)
    {
        var email = Email(NotificationTemplate.PatientBooked, SampleAppointment.Facts(), culture);

        Assert.StartsWith("Ihr Termin ist bestätigt", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"de\">", email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Invitation_German_TitleDescriptionAndLocationAreGerman()
    {
        var facts = SampleAppointment.Facts();

        var patients = Calendar.Load(Email(NotificationTemplate.PatientBooked, facts).Calendar!.Content)!.Events.Single();
        var doctors = Calendar.Load(Email(NotificationTemplate.DoctorBooked, facts).Calendar!.Content)!.Events.Single();
        var video = Calendar.Load(Email(NotificationTemplate.PatientReminder, facts with { Mode = VisitMode.Video }).Calendar!.Content)!.Events.Single();

        Assert.Equal("Check-up bei Dr. Anna Weber", patients.Summary);
        Assert.Equal("Check-up: Ada Lovelace", doctors.Summary);
        Assert.Equal("Praxis am Park, Hauptstraße 1, 10115 Berlin", patients.Location);
        Assert.Equal("Videosprechstunde", video.Location);
        Assert.Equal(
            "Wann: Di., 1. Dez. 2026, 09:30–10:00 MEZ\nArzt: Dr. Anna Weber\nTerminart: Check-up, vor Ort\n" +
            "Praxis: Praxis am Park, Hauptstraße 1, 10115 Berlin\nTelefon: +49 30 1234567\n" +
            $"Termin ansehen oder ändern: {facts.ManageLink.AbsoluteUri}",
            patients.Description);
        Assert.Contains("Patient: Ada Lovelace", doctors.Description, StringComparison.Ordinal);
        Assert.Contains("Terminart: Check-up, Videosprechstunde", video.Description, StringComparison.Ordinal);
    }

    /// <summary>Every German text message: each template, each status, each visit mode, each who-made-the-change.</summary>
    public static TheoryData<NotificationTemplate, AppointmentStatus, VisitMode, Actor> SmsVariants()
    {
        var variants = new TheoryData<NotificationTemplate, AppointmentStatus, VisitMode, Actor>();
        foreach (var template in Enum.GetValues<NotificationTemplate>().Where(t => !t.IsWrittenWhenQueued()))
        foreach (var status in new[] { AppointmentStatus.Requested, AppointmentStatus.Confirmed })
        foreach (var mode in Enum.GetValues<VisitMode>())
        foreach (var actor in Enum.GetValues<Actor>())
        {
            variants.Add(template, status, mode, actor);
        }
        return variants;
    }

    [Theory]
    [MemberData(nameof(SmsVariants))]
    public void RenderSms_EveryGermanVariant_UsesOnlyTheGsm7BasicSet(NotificationTemplate template, AppointmentStatus status, VisitMode mode, Actor actor)
    {
        // Umlauts and ß in every name, so nothing outside the alphabet can hide behind plain test data.
        var facts = SampleAppointment.Facts(template) with
        {
            Status = status,
            Mode = mode,
            ChangedBy = actor,
            DoctorName = "Dr. Maximiliane Müller-Lüdenscheidt",
            PatientName = "Jürgen Weiß",
            Clinic = SampleAppointment.Facts().Clinic with { Name = "Praxis Überlingen" },
            ChangeReason = "Grund",
        };

        var body = Sms(template, facts).Body;

        var outside = body.Where(c => !Gsm7.IsBasic(c)).Distinct().ToList();
        Assert.True(outside.Count == 0, $"Outside the GSM-7 basic set: {string.Join(" ", outside.Select(c => $"U+{(int)c:X4}"))} in: {body}");
        Assert.DoesNotContain("appointment", WithoutLinks(body), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The longest a confirmation or reminder gets: a 35-character doctor's name, a two-digit day and month in summer
    /// time (the last days of October before the clocks go back) and this app's link as the tests' public origin writes it.
    /// </summary>
    public static TheoryData<NotificationTemplate, AppointmentStatus, VisitMode> OneMessage() => new()
    {
        { NotificationTemplate.PatientBooked, AppointmentStatus.Requested, VisitMode.InPerson },
        { NotificationTemplate.PatientBooked, AppointmentStatus.Confirmed, VisitMode.InPerson },
        { NotificationTemplate.PatientConfirmed, AppointmentStatus.Confirmed, VisitMode.InPerson },
        { NotificationTemplate.PatientReminder, AppointmentStatus.Confirmed, VisitMode.InPerson },
        { NotificationTemplate.PatientReminder, AppointmentStatus.Requested, VisitMode.Video },
        { NotificationTemplate.PatientReminder, AppointmentStatus.Confirmed, VisitMode.Video },
    };

    [Theory]
    [MemberData(nameof(OneMessage))]
    public void RenderSms_GermanConfirmationsAndReminders_FitOneGsm7Message(NotificationTemplate template, AppointmentStatus status, VisitMode mode)
    {
        // Saturday 30 October 2027, 09:30 CEST: summer time ends on the 31st that year.
        var start = Instant.FromUtc(2027, 10, 30, 7, 30);
        var facts = SampleAppointment.Facts(template) with
        {
            Status = status,
            Mode = mode,
            Start = start,
            End = start + Duration.FromMinutes(30),
            DoctorName = "Dr. Maximiliane Müller-Lüdenscheidt",
            ManageLink = new Uri($"https://book.careslot.test/appointments/{SampleAppointment.Id}"),
        };

        var body = Sms(template, facts).Body;

        Assert.Contains("Dr. Maximiliane Müller-Lüdenscheidt, Sa. 30.10., 09:30 MESZ. https://book.careslot.test/appointments/", body, StringComparison.Ordinal);
        Assert.True(Gsm7.IsEncodable(body), $"Not GSM-7: {body}");
        Assert.InRange(Gsm7.Length(body), 1, 160);
    }

    private static string WithoutLinks(string text) => Regex.Replace(text, @"https://\S+", "");
}
