using AngleSharp.Html.Parser;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Schedules;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Notifications.Messages;

/// <summary>One appointment as the dispatcher would describe it, for the message tests to vary.</summary>
internal static class SampleAppointment
{
    public static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
    public static readonly Guid Id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    /// <summary>Tuesday 1 December 2026, 09:30 in Berlin (CET).</summary>
    public static readonly Instant Start = Instant.FromUtc(2026, 12, 1, 8, 30);

    public static readonly Instant Now = Instant.FromUtc(2026, 11, 20, 10, 0);

    public static AppointmentFacts Facts(NotificationTemplate template = NotificationTemplate.PatientBooked) => new(
        Id,
        Version: 3,
        template == NotificationTemplate.PatientNoShow ? AppointmentStatus.NoShow
            : template is NotificationTemplate.PatientCancelled or NotificationTemplate.DoctorCancelled ? AppointmentStatus.Cancelled
            : AppointmentStatus.Confirmed,
        Start,
        Start + Duration.FromMinutes(30),
        "Check-up",
        VisitMode.InPerson,
        "Dr. Anna Weber",
        new ClinicFacts("Praxis am Park", "Hauptstraße 1", "Berlin", "10115", "+49 30 1234567", Berlin),
        "Ada Lovelace",
        template is NotificationTemplate.PatientRescheduled or NotificationTemplate.DoctorRescheduled ? Start - Duration.FromDays(1) : null,
        Actor.Patient,
        ChangeReason: null,
        new Uri($"https://careslot.example/appointments/{Id}"));

    public static Recipient Patient(string culture = "en") => new("Ada Lovelace", "ada@example.org", culture);

    public static Recipient Doctor => new("Dr. Anna Weber", "weber@example.org", "en");

    public static Recipient RecipientOf(NotificationTemplate template) =>
        template is NotificationTemplate.DoctorBooked or NotificationTemplate.DoctorRescheduled or NotificationTemplate.DoctorCancelled
            ? Doctor
            : Patient();

    public static string MessageId(NotificationTemplate template) => $"{Id:N}.{template}.email.3@careslot.local".ToLowerInvariant();

    public static NotificationRenderer Renderer() =>
        new(Options.Create(new EmailOptions()), new FakeTimeProvider(Now.ToDateTimeOffset()), StoredPhrasesTests.Phrases());

    public static EmailMessage Email(NotificationTemplate template, AppointmentFacts facts) =>
        Renderer().RenderEmail(template, facts, RecipientOf(template), MessageId(template));

    public static SmsMessage Sms(NotificationTemplate template, AppointmentFacts facts) =>
        Renderer().RenderSms(template, facts, RecipientOf(template) with { Address = "+4915112345678" });

    /// <summary>The appointment templates: account messages are written by the account features, not rendered here.</summary>
    public static TheoryData<NotificationTemplate> Templates => [.. Enum.GetValues<NotificationTemplate>().Where(t => !t.IsWrittenWhenQueued())];

    public static bool ForDoctor(NotificationTemplate template) => RecipientOf(template) == Doctor;
}

public sealed class NotificationRendererTests
{
    public static TheoryData<NotificationTemplate> Templates => SampleAppointment.Templates;

    [Fact]
    public void TemplateName_EveryTemplateAndChannel_IsStableAndUnique()
    {
        var names = Enum.GetValues<NotificationTemplate>()
            .SelectMany(t => Enum.GetValues<NotificationChannel>().Select(c => NotificationRenderer.TemplateName(t, c)))
            .ToList();

        Assert.Equal("patient-booked.email", NotificationRenderer.TemplateName(NotificationTemplate.PatientBooked, NotificationChannel.Email));
        Assert.Equal("doctor-cancelled.sms", NotificationRenderer.TemplateName(NotificationTemplate.DoctorCancelled, NotificationChannel.Sms));
        Assert.Equal("patient-no-show.email", NotificationRenderer.TemplateName(NotificationTemplate.PatientNoShow, NotificationChannel.Email));
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.Matches("^[a-z]+(-[a-z]+)*\\.(email|sms)$", n));
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void RenderEmail_EveryTemplate_CarriesTimeDoctorClinicAddressVisitAndLink(NotificationTemplate template)
    {
        var email = SampleAppointment.Email(template, SampleAppointment.Facts(template));

        foreach (var body in new[] { email.TextBody, Shown(email.HtmlBody) })
        {
            Assert.Contains("Tuesday 1 December 2026, 09:30–10:00 CET", body, StringComparison.Ordinal);
            Assert.Contains("Dr. Anna Weber", body, StringComparison.Ordinal);
            Assert.Contains("Praxis am Park, Hauptstraße 1, 10115 Berlin", body, StringComparison.Ordinal);
            Assert.Contains("Check-up, in person", body, StringComparison.Ordinal);
        }
        var link = $"https://careslot.example/appointments/{SampleAppointment.Id}";
        Assert.Contains(link, email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{link}\">", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Tue 1 Dec 09:30 CET", email.Subject, StringComparison.Ordinal);
        Assert.Equal(SampleAppointment.MessageId(template), email.MessageId);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void RenderEmail_DoctorsMessages_NameThePatient_PatientsMessagesGoToThePatient(NotificationTemplate template)
    {
        var email = SampleAppointment.Email(template, SampleAppointment.Facts(template));

        if (SampleAppointment.ForDoctor(template))
        {
            Assert.Equal(("Dr. Anna Weber", "weber@example.org"), Mailbox(email.To));
            Assert.Contains("Ada Lovelace", email.Subject, StringComparison.Ordinal);
            Assert.Contains("Patient: Ada Lovelace", email.TextBody, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(("Ada Lovelace", "ada@example.org"), Mailbox(email.To));
            Assert.DoesNotContain("Patient:", email.TextBody, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void RenderSms_EveryTemplate_CarriesTimeWhoAndLinkWithoutMarkup(NotificationTemplate template)
    {
        var sms = SampleAppointment.Sms(template, SampleAppointment.Facts(template));

        Assert.Equal("+4915112345678", sms.To);
        Assert.Contains("Tue 1 Dec 09:30 CET", sms.Body, StringComparison.Ordinal);
        Assert.Contains(SampleAppointment.ForDoctor(template) ? "Ada Lovelace" : "Dr. Anna Weber", sms.Body, StringComparison.Ordinal);
        Assert.EndsWith($" https://careslot.example/appointments/{SampleAppointment.Id}", sms.Body, StringComparison.Ordinal);
        Assert.DoesNotContain('<', sms.Body);
        Assert.DoesNotContain('\n', sms.Body);
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-12-01T08:30:00Z", "Tuesday 1 December 2026, 09:30–10:00 CET", "Tue 1 Dec 09:30 CET")]
    [InlineData("Europe/Berlin", "2026-07-01T07:30:00Z", "Wednesday 1 July 2026, 09:30–10:00 CEST", "Wed 1 Jul 09:30 CEST")]
    [InlineData("America/New_York", "2026-12-01T14:30:00Z", "Tuesday 1 December 2026, 09:30–10:00 EST", "Tue 1 Dec 09:30 EST")]
    [InlineData("America/New_York", "2026-07-01T13:30:00Z", "Wednesday 1 July 2026, 09:30–10:00 EDT", "Wed 1 Jul 09:30 EDT")]
    [InlineData("America/New_York", "2026-12-02T02:00:00Z", "Tuesday 1 December 2026, 21:00–21:30 EST", "Tue 1 Dec 21:00 EST")]
    public void Render_ClinicZone_ShowsTheLocalTimeWithTheAbbreviationInForceThatDay(string zoneId, string startUtc, string full, string brief)
    {
        var start = NodaTime.Text.InstantPattern.General.Parse(startUtc).Value;
        var facts = SampleAppointment.Facts() with
        {
            Start = start,
            End = start + Duration.FromMinutes(30),
            Clinic = SampleAppointment.Facts().Clinic with { Zone = DateTimeZoneProviders.Tzdb[zoneId] },
        };

        var email = SampleAppointment.Email(NotificationTemplate.PatientReminder, facts);
        var sms = SampleAppointment.Sms(NotificationTemplate.PatientReminder, facts);

        Assert.Contains(full, email.TextBody, StringComparison.Ordinal);
        Assert.Contains(full, Shown(email.HtmlBody), StringComparison.Ordinal);
        Assert.Contains(brief, email.Subject, StringComparison.Ordinal);
        Assert.Contains(brief, sms.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NotificationTemplate.PatientRescheduled)]
    [InlineData(NotificationTemplate.DoctorRescheduled)]
    public void Render_RescheduleAcrossTheEndOfSummerTime_ShowsBothTimesEachWithItsAbbreviation(NotificationTemplate template)
    {
        var facts = SampleAppointment.Facts(template) with { PreviousStart = Instant.FromUtc(2026, 10, 22, 7, 30) };

        var email = SampleAppointment.Email(template, facts);
        var sms = SampleAppointment.Sms(template, facts);

        Assert.Contains("from Thursday 22 October 2026, 09:30 CEST to Tuesday 1 December 2026, 09:30–10:00 CET", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("moved to Tue 1 Dec 09:30 CET (was Thu 22 Oct 09:30 CEST)", sms.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NotificationTemplate.PatientRescheduled)]
    [InlineData(NotificationTemplate.DoctorRescheduled)]
    public void Render_RescheduleWithoutThePreviousStart_Throws(NotificationTemplate template)
    {
        var facts = SampleAppointment.Facts(template) with { PreviousStart = null };

        Assert.Throws<ArgumentException>(() => SampleAppointment.Email(template, facts));
        Assert.Throws<ArgumentException>(() => SampleAppointment.Sms(template, facts));
    }

    [Theory]
    [InlineData(AppointmentStatus.Requested, "Appointment requested: ", "Your appointment is requested", "Booking requested: ")]
    [InlineData(AppointmentStatus.Confirmed, "Appointment confirmed: ", "Your appointment is confirmed", "Booking confirmed: ")]
    public void RenderBooking_Status_SaysRequestedOrConfirmed(AppointmentStatus status, string subject, string heading, string sms)
    {
        var facts = SampleAppointment.Facts() with { Status = status };

        var email = SampleAppointment.Email(NotificationTemplate.PatientBooked, facts);

        Assert.StartsWith(subject, email.Subject, StringComparison.Ordinal);
        Assert.StartsWith(heading, email.TextBody, StringComparison.Ordinal);
        Assert.StartsWith(sms, SampleAppointment.Sms(NotificationTemplate.PatientBooked, facts).Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NotificationTemplate.PatientCancelled, Actor.Patient, "You cancelled your appointment with Dr. Anna Weber on ")]
    [InlineData(NotificationTemplate.PatientCancelled, Actor.Doctor, "Dr. Anna Weber cancelled your appointment on ")]
    [InlineData(NotificationTemplate.PatientCancelled, Actor.Admin, "Praxis am Park cancelled your appointment with Dr. Anna Weber on ")]
    [InlineData(NotificationTemplate.PatientCancelled, Actor.System, "CareSlot cancelled your appointment with Dr. Anna Weber on ")]
    [InlineData(NotificationTemplate.DoctorCancelled, Actor.Patient, "Ada Lovelace cancelled their appointment on ")]
    [InlineData(NotificationTemplate.DoctorCancelled, Actor.Doctor, "You cancelled the appointment with Ada Lovelace on ")]
    [InlineData(NotificationTemplate.DoctorCancelled, Actor.Admin, "Praxis am Park cancelled the appointment with Ada Lovelace on ")]
    [InlineData(NotificationTemplate.PatientRescheduled, Actor.Doctor, "Dr. Anna Weber moved your appointment from ")]
    [InlineData(NotificationTemplate.PatientRescheduled, Actor.Admin, "Praxis am Park moved your appointment with Dr. Anna Weber from ")]
    [InlineData(NotificationTemplate.DoctorRescheduled, Actor.Patient, "Ada Lovelace moved their appointment from ")]
    [InlineData(NotificationTemplate.PatientCancelled, Actor.Support, "At your request, CareSlot support cancelled your appointment with Dr. Anna Weber on ")]
    [InlineData(NotificationTemplate.PatientRescheduled, Actor.Support, "At your request, CareSlot support moved your appointment with Dr. Anna Weber from ")]
    [InlineData(NotificationTemplate.DoctorCancelled, Actor.Support, "At the patient's request, CareSlot support cancelled the appointment with Ada Lovelace on ")]
    [InlineData(NotificationTemplate.DoctorRescheduled, Actor.Support, "At the patient's request, CareSlot support moved the appointment with Ada Lovelace from ")]
    public void RenderEmail_Change_SaysWhoMadeIt(NotificationTemplate template, Actor actor, string sentence)
    {
        var email = SampleAppointment.Email(template, SampleAppointment.Facts(template) with { ChangedBy = actor });

        Assert.Contains(sentence, email.TextBody, StringComparison.Ordinal);
        Assert.Contains(sentence, Shown(email.HtmlBody), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NotificationTemplate.PatientCancelled)]
    [InlineData(NotificationTemplate.PatientNoShow)]
    [InlineData(NotificationTemplate.PatientRescheduled)]
    public void RenderEmail_CancellationNoShowOrMove_GivesTheClinicsPhone(NotificationTemplate template)
    {
        var email = SampleAppointment.Email(template, SampleAppointment.Facts(template));

        Assert.Contains("call Praxis am Park on +49 30 1234567", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("call Praxis am Park on +49 30 1234567", Shown(email.HtmlBody), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Render_ChangeReason_ReachesOnlyThePatientsCancellationEmail(NotificationTemplate template)
    {
        const string Reason = "Zebra-7731 fever";
        var facts = SampleAppointment.Facts(template) with { ChangeReason = Reason };

        var email = SampleAppointment.Email(template, facts);
        var sms = SampleAppointment.Sms(template, facts);

        var shown = template == NotificationTemplate.PatientCancelled;
        Assert.Equal(shown, email.TextBody.Contains($"Reason given: {Reason}", StringComparison.Ordinal));
        Assert.Equal(shown, Shown(email.HtmlBody).Contains($"Reason given: {Reason}", StringComparison.Ordinal));
        Assert.Equal(shown ? 1 : 0, CountOf("Zebra", email.TextBody));
        Assert.Equal(shown ? 1 : 0, CountOf("Zebra", email.HtmlBody!));
        Assert.DoesNotContain("Zebra", email.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("Zebra", sms.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Zebra", email.Calendar?.Content ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void RenderEmail_CancelledWithoutAReason_HasNoReasonLine(string? reason)
    {
        var template = NotificationTemplate.PatientCancelled;

        var email = SampleAppointment.Email(template, SampleAppointment.Facts(template) with { ChangeReason = reason });

        Assert.DoesNotContain("Reason", email.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NotificationTemplate.PatientCancelled)]
    [InlineData(NotificationTemplate.DoctorBooked)]
    [InlineData(NotificationTemplate.PatientRescheduled)]
    public void RenderEmail_HostileNames_AreEncodedInTheHtml(NotificationTemplate template)
    {
        var facts = SampleAppointment.Facts(template) with
        {
            DoctorName = "<script>alert('doctor')</script>",
            PatientName = "<img src=x onerror=alert(1)>",
            AppointmentTypeName = "Check-up\" onmouseover=\"alert(2)",
            ChangeReason = "</p><script>alert('reason')</script>",
            Clinic = SampleAppointment.Facts().Clinic with { Name = "<b>Park</b> & Söhne", AddressLine = "<i>Hauptstraße</i> 1" },
        };

        var email = SampleAppointment.Email(template, facts);
        var document = new HtmlParser().ParseDocument(email.HtmlBody!);

        Assert.Empty(document.QuerySelectorAll("script, img, b, i"));
        Assert.All(document.All, element => Assert.DoesNotContain(element.Attributes, a => a.Name.StartsWith("on", StringComparison.Ordinal)));
        Assert.Contains("<script>alert('doctor')</script>", document.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("<b>Park</b> & Söhne", document.Body.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<script>alert('doctor')</script>", email.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void RenderEmail_Html_IsSelfContainedAndStructured(NotificationTemplate template)
    {
        var email = SampleAppointment.Email(template, SampleAppointment.Facts(template));
        var document = new HtmlParser().ParseDocument(email.HtmlBody!);

        Assert.Equal("en", document.DocumentElement.GetAttribute("lang"));
        Assert.Equal(email.Subject, document.Title);
        Assert.Single(document.QuerySelectorAll("main h1"));
        Assert.NotEmpty(document.QuerySelectorAll("main dl dt"));
        Assert.Empty(document.QuerySelectorAll("img, link, script, iframe, style, object"));
        var link = Assert.Single(document.QuerySelectorAll("a[href]"));
        Assert.Equal($"https://careslot.example/appointments/{SampleAppointment.Id}", link.GetAttribute("href"));
        Assert.DoesNotContain("url(", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', email.Subject);
    }

    [Theory]
    [InlineData(NotificationTemplate.PatientBooked, AppointmentStatus.Requested, VisitMode.InPerson)]
    [InlineData(NotificationTemplate.PatientBooked, AppointmentStatus.Confirmed, VisitMode.InPerson)]
    [InlineData(NotificationTemplate.PatientConfirmed, AppointmentStatus.Confirmed, VisitMode.InPerson)]
    [InlineData(NotificationTemplate.PatientReminder, AppointmentStatus.Confirmed, VisitMode.InPerson)]
    [InlineData(NotificationTemplate.PatientReminder, AppointmentStatus.Confirmed, VisitMode.Video)]
    public void RenderSms_RemindersAndConfirmations_FitOneGsm7Message(NotificationTemplate template, AppointmentStatus status, VisitMode mode)
    {
        // A 35-character doctor's name, the longest short date (en-GB writes "Sept"), a summer-time abbreviation and
        // this app's link as the tests' public origin writes it.
        var start = Instant.FromUtc(2026, 9, 30, 7, 30);
        var facts = SampleAppointment.Facts(template) with
        {
            Status = status,
            Mode = mode,
            Start = start,
            End = start + Duration.FromMinutes(30),
            DoctorName = "Dr. Maximiliane Müller-Lüdenscheidt",
            ManageLink = new Uri($"https://book.careslot.test/appointments/{SampleAppointment.Id}"),
        };

        var body = SampleAppointment.Sms(template, facts).Body;

        Assert.Contains("Wed 30 Sept 09:30 CEST", body, StringComparison.Ordinal);
        Assert.True(Gsm7.IsEncodable(body), $"Not GSM-7: {body}");
        Assert.InRange(Gsm7.Length(body), 1, 160);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("en-US")]
    [InlineData("EN_gb")]
    [InlineData("fr-FR")]
    [InlineData("xx")]
    [InlineData("")]
    public void RenderEmail_AnyCulture_FallsBackToEnglish(string culture)
    {
        var email = SampleAppointment.Renderer().RenderEmail(NotificationTemplate.PatientBooked, SampleAppointment.Facts(),
            SampleAppointment.Patient(culture), SampleAppointment.MessageId(NotificationTemplate.PatientBooked));

        Assert.StartsWith("Your appointment is confirmed", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", email.HtmlBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("ada\r\nATTENDEE:mailto:evil@example.org")]
    [InlineData("")]
    public void RenderEmail_InvalidAddress_FailsForGood(string address)
    {
        var error = Assert.Throws<DeliveryException>(() => SampleAppointment.Renderer().RenderEmail(NotificationTemplate.PatientBooked,
            SampleAppointment.Facts(), SampleAppointment.Patient() with { Address = address }, "a@careslot.local"));

        Assert.False(error.IsTransient);
    }

    /// <summary>The text a reader sees: entities decoded, tags gone.</summary>
    private static string Shown(string? html) => new HtmlParser().ParseDocument(html ?? "").Body!.TextContent;

    private static (string? Name, string Address) Mailbox(string to)
    {
        var mailbox = MailboxAddress.Parse(to);
        return (mailbox.Name, mailbox.Address);
    }

    private static int CountOf(string needle, string haystack)
    {
        var count = 0;
        for (var at = haystack.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = haystack.IndexOf(needle, at + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}

/// <summary>The GSM 03.38 alphabet: a text message in it holds 160 characters, one outside it only 70.</summary>
internal static class Gsm7
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    /// <summary>Sent with an escape, so each counts twice.</summary>
    private const string Extension = "^{}\\[~]|€\f";

    public static bool IsEncodable(string text) => text.All(c => Basic.Contains(c) || Extension.Contains(c));

    /// <summary>In the basic set: one septet, no escape, and no character a phone might show differently.</summary>
    public static bool IsBasic(char c) => Basic.Contains(c);

    public static int Length(string text) => text.Sum(c => Extension.Contains(c) ? 2 : 1);
}
