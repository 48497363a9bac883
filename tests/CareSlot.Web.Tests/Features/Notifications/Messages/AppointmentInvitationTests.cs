using CareSlot.Scheduling;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Schedules;
using Ical.Net;
using Ical.Net.CalendarComponents;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Notifications.Messages;

/// <summary>The calendar invitation in appointment e-mails, read back the way a calendar would read it.</summary>
public sealed class AppointmentInvitationTests
{
    public static TheoryData<NotificationTemplate> Requests =>
    [
        NotificationTemplate.PatientBooked, NotificationTemplate.PatientConfirmed, NotificationTemplate.PatientRescheduled,
        NotificationTemplate.PatientReminder, NotificationTemplate.DoctorBooked, NotificationTemplate.DoctorRescheduled,
    ];

    private static (Calendar Calendar, CalendarEvent Event) Invitation(NotificationTemplate template, AppointmentFacts facts, string method)
    {
        var part = SampleAppointment.Email(template, facts).Calendar;
        Assert.NotNull(part);
        Assert.Equal(method, part.Method);
        var calendar = Calendar.Load(part.Content);
        Assert.NotNull(calendar);
        return (calendar, Assert.Single(calendar.Events));
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void Invitation_BookingConfirmationMoveOrReminder_IsARequestThatUpdatesTheSameEvent(NotificationTemplate template)
    {
        var facts = SampleAppointment.Facts(template);

        var (calendar, appointment) = Invitation(template, facts, "REQUEST");

        Assert.Equal("REQUEST", calendar.Method);
        Assert.Equal($"{SampleAppointment.Id}@careslot", appointment.Uid);
        Assert.Equal(3, appointment.Sequence);
        Assert.Equal("CONFIRMED", appointment.Status);
        Assert.True(appointment.DtStart!.IsUtc);
        Assert.Equal(SampleAppointment.Start.ToDateTimeUtc(), appointment.DtStart.AsUtc);
        Assert.Equal(facts.End.ToDateTimeUtc(), appointment.DtEnd!.AsUtc);
        Assert.Equal(SampleAppointment.Now.ToDateTimeUtc(), appointment.DtStamp!.AsUtc);
        Assert.Equal("mailto:no-reply@careslot.local", appointment.Organizer!.Value!.OriginalString);
        Assert.Equal("CareSlot", appointment.Organizer.CommonName);
        var attendee = Assert.Single(appointment.Attendees);
        var recipient = SampleAppointment.RecipientOf(template);
        Assert.Equal($"mailto:{recipient.Address}", attendee.Value!.OriginalString);
        Assert.Equal(recipient.Name, attendee.CommonName);
        Assert.False(attendee.Rsvp);
        Assert.Equal("Praxis am Park, Hauptstraße 1, 10115 Berlin", appointment.Location);
        Assert.Equal(facts.ManageLink, appointment.Url);
        Assert.Contains(facts.ManageLink.AbsoluteUri, appointment.Description, StringComparison.Ordinal);
        Assert.Contains("Tuesday 1 December 2026, 09:30–10:00 CET", appointment.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NotificationTemplate.PatientCancelled)]
    [InlineData(NotificationTemplate.DoctorCancelled)]
    public void Invitation_Cancellation_IsACancelOfTheSameEvent(NotificationTemplate template)
    {
        var facts = SampleAppointment.Facts(template) with { Version = 5 };

        var (calendar, appointment) = Invitation(template, facts, "CANCEL");

        Assert.Equal("CANCEL", calendar.Method);
        Assert.Equal("CANCELLED", appointment.Status);
        Assert.Equal($"{SampleAppointment.Id}@careslot", appointment.Uid);
        Assert.Equal(5, appointment.Sequence);
        Assert.Equal(SampleAppointment.Start.ToDateTimeUtc(), appointment.DtStart!.AsUtc);
        Assert.Single(appointment.Attendees);
        Assert.NotNull(appointment.Organizer);
    }

    [Fact]
    public void Invitation_MissedVisit_IsNotSent()
    {
        Assert.Null(SampleAppointment.Email(NotificationTemplate.PatientNoShow, SampleAppointment.Facts(NotificationTemplate.PatientNoShow)).Calendar);
    }

    [Fact]
    public void Invitation_RequestedBooking_IsTentative()
    {
        var facts = SampleAppointment.Facts() with { Status = AppointmentStatus.Requested };

        var (_, appointment) = Invitation(NotificationTemplate.PatientBooked, facts, "REQUEST");

        Assert.Equal("TENTATIVE", appointment.Status);
    }

    [Fact]
    public void Invitation_PatientAndDoctor_ShareTheUid_EachSeesTheOtherInTheTitle()
    {
        var (_, patients) = Invitation(NotificationTemplate.PatientBooked, SampleAppointment.Facts(), "REQUEST");
        var (_, doctors) = Invitation(NotificationTemplate.DoctorBooked, SampleAppointment.Facts(), "REQUEST");

        Assert.Equal(patients.Uid, doctors.Uid);
        Assert.Equal("Check-up with Dr. Anna Weber", patients.Summary);
        Assert.Equal("Check-up: Ada Lovelace", doctors.Summary);
    }

    [Fact]
    public void Invitation_VideoVisit_IsLocatedAsSuch()
    {
        var facts = SampleAppointment.Facts() with { Mode = VisitMode.Video };

        var (_, appointment) = Invitation(NotificationTemplate.PatientReminder, facts, "REQUEST");

        Assert.Equal("Video visit", appointment.Location);
    }

    [Fact]
    public void Invitation_NamesWithLineBreaksAndControls_CannotAddProperties()
    {
        var facts = SampleAppointment.Facts() with
        {
            DoctorName = "Dr. Weber\r\nATTENDEE:mailto:evil@example.org\u0007",
            AppointmentTypeName = "Check-up\nORGANIZER:mailto:evil@example.org",
            Clinic = SampleAppointment.Facts().Clinic with { Name = "Park\r\nEND:VEVENT" },
        };
        var recipient = SampleAppointment.Patient() with { Name = "Ada\r\nATTENDEE:mailto:evil@example.org;" };

        var part = SampleAppointment.Renderer().RenderEmail(NotificationTemplate.PatientBooked, facts, recipient, "a@careslot.local").Calendar!;
        var calendar = Calendar.Load(part.Content)!;

        var appointment = Assert.Single(calendar.Events);
        var attendee = Assert.Single(appointment.Attendees);
        Assert.Equal("mailto:ada@example.org", attendee.Value!.OriginalString);
        Assert.Equal("mailto:no-reply@careslot.local", appointment.Organizer!.Value!.OriginalString);
        Assert.DoesNotContain("\nATTENDEE:mailto:evil", part.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("\nEND:VEVENT\r\nEND:VEVENT", part.Content, StringComparison.Ordinal);
        Assert.Equal("Check-up\nORGANIZER:mailto:evil@example.org with Dr. Weber\nATTENDEE:mailto:evil@example.org ", appointment.Summary);
    }
}
