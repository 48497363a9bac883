using CareSlot.Scheduling;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using MimeKit;
using NodaTime;

namespace CareSlot.Web.Features.Notifications.Messages;

/// <summary>What an invitation says besides the appointment's own facts, in the recipient's language.</summary>
/// <param name="Location">The clinic's address, or that it is a video visit.</param>
internal sealed record InvitationText(string Title, string Location, string Description);

/// <summary>
/// The iCalendar object (RFC 5545, sent as iMIP, RFC 6047) that lets a mail client put the appointment in the
/// recipient's calendar and keep it up to date. Every message about one appointment carries the same UID and
/// the appointment's version as SEQUENCE, so a calendar replaces its copy with a newer one, ignores an older one
/// that arrives late, and removes it on CANCEL.
/// </summary>
/// <remarks>
/// Times are written in UTC rather than with the clinic's TZID: the appointment is stored as an instant, and a
/// UTC time says exactly that instant to every client with no VTIMEZONE to get right (Ical.Net builds one from
/// the time zone database as of today, and Outlook matches a zone by its rules rather than by its IANA name).
/// A zone matters for a recurring event that must keep its wall-clock time across DST; an appointment happens once.
/// Calendars show the time in the reader's own zone; the description repeats it in the clinic's.
/// </remarks>
internal static class AppointmentInvitation
{
    /// <summary>The METHOD for a template; null when the message changes nothing in a calendar (a missed visit stays as it was).</summary>
    public static string? MethodFor(NotificationTemplate template) => template switch
    {
        NotificationTemplate.PatientCancelled or NotificationTemplate.DoctorCancelled => "CANCEL",
        NotificationTemplate.PatientNoShow => null,
        _ => "REQUEST",
    };

    /// <summary>The same for every message about the appointment, and for the patient's and the doctor's calendars.</summary>
    public static string Uid(Guid appointmentId) => $"{appointmentId:D}@careslot";

    /// <param name="stamp">When this invitation was made (DTSTAMP).</param>
    public static string Write(string method, AppointmentFacts facts, InvitationText text, MailboxAddress organizer, MailboxAddress attendee, Instant stamp)
    {
        var cancel = method == "CANCEL";
        var appointment = new CalendarEvent
        {
            Uid = Uid(facts.AppointmentId),
            Sequence = facts.Version,
            DtStamp = Utc(stamp),
            DtStart = Utc(facts.Start),
            DtEnd = Utc(facts.End),
            Summary = Text(text.Title),
            Location = Text(text.Location),
            Description = Text(text.Description),
            Url = facts.ManageLink,
            Status = cancel ? "CANCELLED" : facts.Status == AppointmentStatus.Confirmed ? "CONFIRMED" : "TENTATIVE",
            Organizer = new Organizer($"mailto:{organizer.Address}") { CommonName = Parameter(organizer.Name) },
        };
        // The visit was agreed on CareSlot: RSVP=FALSE keeps clients from sending an answer to the no-reply organizer.
        appointment.Attendees.Add(new Attendee($"mailto:{attendee.Address}")
        {
            CommonName = Parameter(attendee.Name),
            Role = "REQ-PARTICIPANT",
            ParticipationStatus = "ACCEPTED",
            Rsvp = false,
        });

        var calendar = new Calendar { ProductId = "-//CareSlot//Appointments//EN", Method = method };
        calendar.Events.Add(appointment);
        return new CalendarSerializer().SerializeToString(calendar)
            ?? throw new InvalidOperationException("Ical.Net wrote no calendar.");
    }

    private static CalDateTime Utc(Instant instant) => new(instant.ToDateTimeUtc(), hasTime: true);

    /// <summary>
    /// Ical.Net escapes line breaks in text values but writes other control characters as they are, which ends
    /// the line early; a name could then add properties of its own.
    /// </summary>
    private static string Text(string value) => WithoutControls(value.ReplaceLineEndings("\n"), keep: '\n');

    /// <summary>A parameter (CN) cannot hold a line break at all; an empty name is left out.</summary>
    private static string? Parameter(string? value) => string.IsNullOrWhiteSpace(value) ? null : WithoutControls(value, keep: null);

    private static string WithoutControls(string value, char? keep) =>
        new([.. value.Select(c => char.IsControl(c) && c != keep ? ' ' : c)]);
}
