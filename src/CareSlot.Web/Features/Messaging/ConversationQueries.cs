using System.Security.Claims;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Records;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Messaging;

/// <summary>
/// Reading conversations. Every conversation reached by id is checked with <see cref="ConversationAuthorizationHandler"/>
/// (someone else's is 404), and every access to clinical content is audited once: one AuditActions.MessageRead per conversation
/// opened, one AuditActions.AttachmentRead per download, one "conversation.list" per patient whose subjects a list showed.
/// </summary>
public sealed class ConversationQueries(CareSlotDb db, FieldProtector protector, AuditTrail audit, IAuthorizationService authorization,
    CareRelationships relationships, IClock clock, IStringLocalizer<MessagingText> text, StoredPhrases phrases)
{
    public const int ListSize = 100;

    /// <summary>The viewer's conversations, newest first: a patient's, a doctor's, or those an admin holds break-glass access to.</summary>
    public async Task<IReadOnlyList<ConversationSummary>> ListAsync(ClaimsPrincipal user, Viewer viewer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var now = clock.GetCurrentInstant();
        var scope = viewer.Actor switch
        {
            Actor.Patient => db.Conversations.Where(c => c.PatientId == viewer.AccountId),
            Actor.Doctor => db.Conversations.Where(c => c.DoctorId == viewer.DoctorId),
            Actor.Admin => db.Conversations.Where(c => db.BreakGlassAccesses.Any(b => b.AdminId == viewer.AccountId && b.PatientId == c.PatientId && b.ExpiresAt > now)),
            _ => db.Conversations.Where(_ => false),
        };
        var theirs = viewer.Actor == Actor.Patient ? SenderRole.Doctor : SenderRole.Patient;
        var counts = viewer.Actor is Actor.Patient or Actor.Doctor;
        var rows = await scope.AsNoTracking().OrderByDescending(c => c.LastMessageAt).Take(ListSize)
            .Select(c => new
            {
                Conversation = c,
                PatientName = db.Users.Where(u => u.Id == c.PatientId).Select(u => u.FullName).FirstOrDefault(),
                DoctorName = db.Doctors.Where(d => d.Id == c.DoctorId).Select(d => (d.Title + " " + d.GivenName + " " + d.FamilyName).Trim()).FirstOrDefault(),
                Zone = db.Doctors.Where(d => d.Id == c.DoctorId).SelectMany(d => d.Clinics).Select(k => k.TimeZoneId).FirstOrDefault(),
                Unread = counts ? db.Messages.Count(m => m.ConversationId == c.Id && m.SenderRole == theirs && m.ReadAt == null) : 0,
            })
            .ToListAsync(ct);

        var list = new List<ConversationSummary>(rows.Count);
        foreach (var row in rows)
        {
            // The scope narrows; the handler decides, so the list is never more lenient than opening each one.
            if (!(await authorization.AuthorizeAsync(user, row.Conversation, MessagingOperations.Read)).Succeeded) continue;
            var c = row.Conversation;
            list.Add(new ConversationSummary(c.Id, protector.Open(c.SealedSubject, c.Id, SubjectColumn), row.PatientName ?? "", row.DoctorName ?? "",
                c.AppointmentId, IsoTime.Format(c.LastMessageAt, Zone(row.Zone)), Zone(row.Zone).Id, row.Unread, c.IsClosed));
        }
        foreach (var patient in rows.Where(r => list.Any(s => s.Id == r.Conversation.Id)).GroupBy(r => r.Conversation.PatientId))
        {
            await audit.RecordAsync(new AuditEvent("conversation.list", AuditOutcome.Allowed, PatientId: patient.Key,
                Record: $"conversations {patient.Count()}"), ct);
        }
        return list;
    }

    /// <summary>
    /// One conversation with its messages, oldest first. Opening it marks the other side's messages read (an administrator's
    /// break-glass look does not) and is audited once, however many messages it shows.
    /// </summary>
    public async Task<Outcome<ConversationView>> OpenAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var conversation = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (!await MayAsync(user, conversation, MessagingOperations.Read, AuditActions.MessageRead, id, ct)) return MessagingProblems.NotFound(text);
        var viewer = (await Viewer.FromAsync(user, db, ct))!;
        var now = clock.GetCurrentInstant();
        if (ParticipantRole(viewer, conversation!) is { } mine)
        {
            var theirs = mine == SenderRole.Patient ? SenderRole.Doctor : SenderRole.Patient;
            await db.Messages.Where(m => m.ConversationId == id && m.SenderRole == theirs && m.ReadAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.ReadAt, now), ct);
        }
        var view = await ViewAsync(user, viewer, conversation!, ct);
        await audit.RecordAsync(new AuditEvent(AuditActions.MessageRead, AuditOutcome.Allowed, PatientId: conversation!.PatientId, Record: Record(id)), ct);
        return new Outcome<ConversationView>(view, null);
    }

    /// <summary>An attachment's name, type and content, opened; audited as AuditActions.AttachmentRead.</summary>
    public async Task<Outcome<AttachmentFile>> ReadAttachmentAsync(ClaimsPrincipal user, Guid conversationId, Guid attachmentId, CancellationToken ct)
    {
        var conversation = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == conversationId, ct);
        if (!await MayAsync(user, conversation, MessagingOperations.Read, AuditActions.AttachmentRead, conversationId, ct)) return MessagingProblems.NotFound(text);
        var attachment = await db.MessageAttachments.AsNoTracking()
            .Where(a => a.Id == attachmentId && db.Messages.Any(m => m.Id == a.MessageId && m.ConversationId == conversationId))
            .FirstOrDefaultAsync(ct);
        if (attachment is null)
        {
            await audit.RecordAsync(new AuditEvent(AuditActions.AttachmentRead, AuditOutcome.Refused, PatientId: conversation!.PatientId, Record: $"attachment {attachmentId}"), ct);
            return MessagingProblems.AttachmentNotFound(text);
        }
        var file = new AttachmentFile(protector.Open(attachment.SealedFileName, attachment.Id, FileNameColumn), attachment.ContentType,
            protector.OpenBytes(attachment.SealedContent, attachment.Id, ContentColumn));
        await audit.RecordAsync(new AuditEvent(AuditActions.AttachmentRead, AuditOutcome.Allowed, PatientId: conversation!.PatientId, Record: $"attachment {attachmentId}"), ct);
        return new Outcome<AttachmentFile>(file, null);
    }

    /// <summary>
    /// Whom the viewer may start a conversation with: a patient, the doctors who care for them; a doctor, their patients;
    /// each with their appointments together (newest first), to choose one as the subject.
    /// </summary>
    public async Task<IReadOnlyList<Correspondent>> CorrespondentsAsync(Viewer viewer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (viewer.Actor == Actor.Patient)
        {
            var doctorIds = relationships.DoctorsOf(viewer.AccountId);
            var doctors = await db.Doctors.AsNoTracking().Where(d => doctorIds.Contains(d.Id))
                .Select(d => new { d.Id, Name = (d.Title + " " + d.GivenName + " " + d.FamilyName).Trim() }).ToListAsync(ct);
            var appointments = await AppointmentsAsync(db.Appointments.Where(a => a.PatientId == viewer.AccountId && doctorIds.Contains(a.DoctorId)), ct);
            return [.. doctors.OrderBy(d => d.Name, StringComparer.CurrentCulture).Select(d => new Correspondent(d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), d.Name,
                [.. appointments.Where(a => a.DoctorId == d.Id).Select(a => a.View)]))];
        }
        if (viewer is { Actor: Actor.Doctor, DoctorId: { } doctorId })
        {
            var patientIds = relationships.PatientsOf(doctorId);
            var patients = await db.Users.AsNoTracking().Where(u => patientIds.Contains(u.Id)).Select(u => new { u.Id, u.FullName }).ToListAsync(ct);
            var appointments = await AppointmentsAsync(db.Appointments.Where(a => a.DoctorId == doctorId && patientIds.Contains(a.PatientId)), ct);
            return [.. patients.OrderBy(p => p.FullName, StringComparer.CurrentCulture).Select(p => new Correspondent(p.Id.ToString(), p.FullName,
                [.. appointments.Where(a => a.PatientId == p.Id).Select(a => a.View)]))];
        }
        return [];
    }

    private sealed record AppointmentChoice(int DoctorId, Guid PatientId, CorrespondentAppointment View);

    private async Task<List<AppointmentChoice>> AppointmentsAsync(IQueryable<Appointments.Appointment> appointments, CancellationToken ct)
    {
        var rows = await appointments.AsNoTracking().Where(a => a.Status != AppointmentStatus.Cancelled).OrderByDescending(a => a.Start).Take(200)
            .Select(a => new { a.Id, a.DoctorId, a.PatientId, a.Start, Zone = db.Clinics.Where(c => c.Id == a.ClinicId).Select(c => c.TimeZoneId).First() })
            .ToListAsync(ct);
        return [.. rows.Select(r => new AppointmentChoice(r.DoctorId, r.PatientId, new CorrespondentAppointment(r.Id, IsoTime.Format(r.Start, Zone(r.Zone)), Zone(r.Zone).Id)))];
    }

    /// <summary>The conversation as the viewer sees it now; also what the API answers after a change.</summary>
    internal async Task<ConversationView> ViewAsync(ClaimsPrincipal user, Viewer viewer, Conversation conversation, CancellationToken ct)
    {
        var id = conversation.Id;
        var names = await db.Conversations.AsNoTracking().Where(c => c.Id == id).Select(c => new
        {
            Patient = db.Users.Where(u => u.Id == c.PatientId).Select(u => u.FullName).FirstOrDefault(),
            Doctor = db.Doctors.Where(d => d.Id == c.DoctorId).Select(d => (d.Title + " " + d.GivenName + " " + d.FamilyName).Trim()).FirstOrDefault(),
            DoctorAccountId = db.Doctors.Where(d => d.Id == c.DoctorId).Select(d => d.AccountId).FirstOrDefault(),
        }).SingleAsync(ct);
        var zone = await ZoneAsync(db, conversation, ct);
        var messages = await db.Messages.AsNoTracking().Where(m => m.ConversationId == id).OrderBy(m => m.SentAt).ThenBy(m => m.Id).ToListAsync(ct);
        var messageIds = messages.Select(m => m.Id).ToList();
        var attachments = (await db.MessageAttachments.AsNoTracking().Where(a => messageIds.Contains(a.MessageId))
                .Select(a => new { a.Id, a.MessageId, a.SealedFileName, a.ContentType, a.Size }).ToListAsync(ct))
            .ToLookup(a => a.MessageId, a => new AttachmentView(a.Id, protector.Open(a.SealedFileName, a.Id, FileNameColumn), a.ContentType, a.Size));
        var mine = ParticipantRole(viewer, conversation);
        var views = messages.Select(m => new MessageView(m.Id,
            m.SenderRole == SenderRole.Doctor ? names.Doctor ?? "" : names.Patient ?? "",
            m.SenderRole == SenderRole.Doctor ? "doctor" : "patient",
            m.SenderRole == mine,
            IsoTime.Format(m.SentAt, zone),
            m.ReadAt is { } read ? IsoTime.Format(read, zone) : null,
            // A body the app replaced (its recipient erased their account) reads in the reader's language.
            phrases.Shown(protector.Open(m.SealedBody, m.Id, BodyColumn)),
            [.. attachments[m.Id].OrderBy(a => a.FileName, StringComparer.Ordinal)])).ToList();
        var canSend = (await authorization.AuthorizeAsync(user, conversation, MessagingOperations.Send)).Succeeded;
        var canClose = !conversation.IsClosed && (await authorization.AuthorizeAsync(user, conversation, MessagingOperations.Close)).Succeeded;
        return new ConversationView(id, protector.Open(conversation.SealedSubject, id, SubjectColumn), conversation.PatientId, names.Patient ?? "",
            conversation.DoctorId, names.Doctor ?? "", conversation.AppointmentId, IsoTime.Format(conversation.CreatedAt, zone),
            conversation.ClosedAt is { } closed ? IsoTime.Format(closed, zone) : null, zone.Id, canSend, canClose, views);
    }

    /// <summary>
    /// Whether the caller may do <paramref name="operation"/> to the conversation (null: no such id). A refusal is audited
    /// as <paramref name="action"/>, with the patient whose record it was when the conversation exists.
    /// </summary>
    internal async Task<bool> MayAsync(ClaimsPrincipal user, Conversation? conversation, Microsoft.AspNetCore.Authorization.Infrastructure.OperationAuthorizationRequirement operation,
        string action, Guid id, CancellationToken ct)
    {
        if (conversation is not null && (await authorization.AuthorizeAsync(user, conversation, operation)).Succeeded) return true;
        await audit.RecordAsync(new AuditEvent(action, AuditOutcome.Refused, PatientId: conversation?.PatientId, Record: Record(id)), ct);
        return false;
    }

    /// <summary>The viewer's side of the conversation, or null for anyone else (an administrator reading by break-glass).</summary>
    internal static SenderRole? ParticipantRole(Viewer viewer, Conversation conversation) => viewer switch
    {
        { Actor: Actor.Patient } when viewer.AccountId == conversation.PatientId => SenderRole.Patient,
        { Actor: Actor.Doctor } when viewer.DoctorId == conversation.DoctorId => SenderRole.Doctor,
        _ => null,
    };

    /// <summary>Times are written in the clinic's zone: the appointment's clinic, else the doctor's first.</summary>
    internal static async Task<DateTimeZone> ZoneAsync(CareSlotDb db, Conversation conversation, CancellationToken ct)
    {
        var zoneId = conversation.AppointmentId is { } appointmentId
            ? await db.Appointments.Where(a => a.Id == appointmentId).Select(a => db.Clinics.Where(c => c.Id == a.ClinicId).Select(c => c.TimeZoneId).First()).FirstOrDefaultAsync(ct)
            : null;
        zoneId ??= await db.Doctors.Where(d => d.Id == conversation.DoctorId).SelectMany(d => d.Clinics).Select(c => c.TimeZoneId).FirstOrDefaultAsync(ct);
        return Zone(zoneId);
    }

    private static DateTimeZone Zone(string? zoneId) => zoneId is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is { } zone ? zone : DateTimeZone.Utc;

    internal static string Record(Guid conversationId) => $"conversation {conversationId}";

    /// <summary>The columns' names in the seals' associated data: a sealed value moved to another column does not open.</summary>
    // The property names: key rotation opens each value with the name it was registered under (MessagingRegistration).
    internal const string SubjectColumn = nameof(Conversation.SealedSubject);
    internal const string BodyColumn = nameof(Message.SealedBody);
    internal const string FileNameColumn = nameof(MessageAttachment.SealedFileName);
    internal const string ContentColumn = nameof(MessageAttachment.SealedContent);
}
