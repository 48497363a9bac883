namespace CareSlot.Web.Features.Messaging;

/// <summary>One conversation in a list: the subject, the other side, how many of their messages are unread.</summary>
/// <param name="LastMessageAt">ISO 8601 with the clinic's offset.</param>
/// <param name="TimeZone">The clinic's IANA zone.</param>
public sealed record ConversationSummary(Guid Id, string Subject, string PatientName, string DoctorName, Guid? AppointmentId,
    string LastMessageAt, string TimeZone, int Unread, bool Closed);

public sealed record AttachmentView(Guid Id, string FileName, string ContentType, long Size);

/// <param name="SenderRole">"patient" or "doctor".</param>
/// <param name="Mine">Written by the viewer.</param>
/// <param name="ReadAt">When the recipient first opened it; null while unread.</param>
public sealed record MessageView(Guid Id, string SenderName, string SenderRole, bool Mine, string SentAt, string? ReadAt, string Body,
    IReadOnlyList<AttachmentView> Attachments);

/// <param name="TimeZone">The clinic's IANA zone every time here is written in.</param>
/// <param name="CanSend">Whether the viewer may write now (open, and the care relationship goes on).</param>
public sealed record ConversationView(Guid Id, string Subject, Guid PatientId, string PatientName, int DoctorId, string DoctorName,
    Guid? AppointmentId, string CreatedAt, string? ClosedAt, string TimeZone, bool CanSend, bool CanClose, IReadOnlyList<MessageView> Messages);

/// <summary>An attachment opened for download.</summary>
public sealed record AttachmentFile(string FileName, string ContentType, byte[] Content);

/// <summary>Someone the viewer may start a conversation with, and their appointments together.</summary>
public sealed record Correspondent(string Id, string Name, IReadOnlyList<CorrespondentAppointment> Appointments);

public sealed record CorrespondentAppointment(Guid Id, string Start, string TimeZone);

/// <summary>Times of the views as pages show them: in the clinic's zone, with its abbreviation, in the reader's language.</summary>
public static class MessagingTime
{
    public static string Moment(string iso, string zoneId) =>
        Platform.Time.IsoTime.TryParse(iso, out var instant) && NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is { } zone
            ? Platform.Time.ClinicTime.ShortDayAndClock(instant.InZone(zone))
            : iso;
}
