using CareSlot.Web.Features.Consents;
using System.Security.Claims;
using System.Text.Json;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.HelpDesk;
using CareSlot.Web.Features.LiveChat;
using CareSlot.Web.Features.Messaging;
using CareSlot.Web.Features.Records;
using CareSlot.Web.Features.Surveys;
using CareSlot.Web.Features.Disputes;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Security.Encryption;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Features.Privacy;

public sealed record ExportedAccount(Guid Id, string FullName, string? Email, bool EmailConfirmed, string? PhoneNumber, bool PhoneNumberConfirmed,
    string DateOfBirth, string? Address, string? EmergencyContactName, string? EmergencyContactPhone, string PreferredLanguage, string CreatedAt,
    IReadOnlyList<string> Roles, bool TwoFactorEnabled);

/// <summary>One consent as the person's record holds it: given or withdrawn, under which notice version, when and how.</summary>
public sealed record ExportedConsent(string Purpose, bool Given, string? NoticeVersion, string? At, string Source);

/// <summary>
/// What the person agreed to: the terms as accepted at registration, the profile's message preferences, and the consent
/// records per purpose (Features/Consents), current and every change.
/// </summary>
public sealed record ExportedConsents(string TermsAcceptedAt, string TermsVersion, bool EmailReminders, bool SmsUpdates,
    IReadOnlyList<ExportedConsent> Current, IReadOnlyList<ExportedConsent> History);

public sealed record ExportedAppointmentChange(string At, string By, string? From, string To, string? FromStart, string? ToStart, string? Reason);

public sealed record ExportedAppointment(Guid Id, string Start, string End, string Status, string Doctor, string Clinic, string TimeZone, string Reason,
    IReadOnlyList<ExportedAppointmentChange> History);

public sealed record ExportedAttachment(Guid Id, string FileName, string ContentType, long Size, string DownloadUrl);

public sealed record ExportedMessage(string SentAt, bool FromYou, string Body, IReadOnlyList<ExportedAttachment> Attachments);

public sealed record ExportedConversation(Guid Id, string Subject, string Doctor, string CreatedAt, IReadOnlyList<ExportedMessage> Messages);

public sealed record ExportedDisputeStep(string At, string Kind, bool ByYou, string? Text);

public sealed record ExportedDispute(Guid Id, Guid AppointmentId, string Kind, string State, string CreatedAt, IReadOnlyList<ExportedDisputeStep> Steps);

public sealed record ExportedTicketPost(string At, bool FromYou, string? Subject, string Body);

public sealed record ExportedTicket(long Id, string Category, string Status, string CreatedAt, IReadOnlyList<ExportedTicketPost> Posts);

public sealed record ExportedChatLine(string At, bool FromAgent, string Body);

public sealed record ExportedChat(long Id, string Status, string QueuedAt, IReadOnlyList<ExportedChatLine> Lines);

public sealed record ExportedReview(Guid Id, Guid AppointmentId, string Doctor, int Rating, string Text, string Status, string CreatedAt, string? Reply);

public sealed record ExportedSurveyAnswer(string Question, int? Rating, string? Choice, string? Text);

public sealed record ExportedSurveyResponse(string Survey, string SubmittedAt, IReadOnlyList<ExportedSurveyAnswer> Answers);

/// <summary>
/// Everything personal CareSlot holds about one account (GDPR Art. 15 and 20). Patients get their care data too; a doctor's
/// export is their own account's data, never their patients' records.
/// </summary>
public sealed record PersonalData(
    string GeneratedAt,
    ExportedAccount Account,
    ExportedConsents Consents,
    IReadOnlyList<ExportedAppointment> Appointments,
    IReadOnlyList<ExportedConversation> Conversations,
    JsonElement? MedicalHistory,
    IReadOnlyList<AccessLogEntry> AccessLog,
    IReadOnlyList<ExportedDispute> Disputes,
    IReadOnlyList<ExportedTicket> Tickets,
    IReadOnlyList<ExportedChat> Chats,
    IReadOnlyList<ExportedReview> Reviews,
    IReadOnlyList<ExportedSurveyResponse> SurveyResponses,
    ErasureView? Erasure);

/// <summary>
/// Gathers <see cref="PersonalData"/> for the signed-in account: every query filters by that account's id (the person is the
/// owner of each row, or its patient), sealed text is opened as the features' own queries open it, and the medical history is
/// the records feature's own export (which its gate allows and audits). The whole export is audited as a read of health data.
/// </summary>
public sealed class PersonalDataExport(CareSlotDb db, ConsentLedger consentLedger, FieldProtector protector, PatientRecords records, AccessLog accessLog, AuditTrail audit,
    ErasureRequests erasures, IClock clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Beyond any real access log (20 per page); the export stops there rather than run unbounded.</summary>
    private const int MaxAccessLogPages = 500;

    public async Task<PersonalData?> ForAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var accountId = user.AccountId();
        if (await db.Users.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct) is not { } me) return null;
        var roles = await db.UserRoles.Where(r => r.UserId == accountId).Join(db.Roles, r => r.RoleId, role => role.Id, (_, role) => role.Name!)
            .OrderBy(n => n).ToListAsync(ct);
        var isPatient = roles.Contains(Roles.Patient);

        var account = new ExportedAccount(me.Id, me.FullName, me.Email, me.EmailConfirmed, me.PhoneNumber, me.PhoneNumberConfirmed,
            me.DateOfBirth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), me.Address, me.EmergencyContactName,
            me.EmergencyContactPhone, me.PreferredLanguage, Iso(me.CreatedAt), roles, me.TwoFactorEnabled);
        var overview = await consentLedger.OverviewAsync(accountId, ct);
        ExportedConsent Exported(ConsentState state) =>
            new(state.Purpose.ToString(), state.Given, state.NoticeVersion, state.At is { } at ? Iso(at) : null, state.Source.ToString());
        var consents = new ExportedConsents(Iso(me.TermsAcceptedAt), me.TermsVersion, me.EmailReminders, me.SmsUpdates,
            [.. overview.Current.Select(Exported)], [.. overview.History.Select(Exported)]);

        JsonElement? history = null;
        if (isPatient && await records.ExportAsync(user, ct) is { } historyJson) history = JsonDocument.Parse(historyJson).RootElement.Clone();

        var data = new PersonalData(Iso(clock.GetCurrentInstant()), account, consents,
            isPatient ? await AppointmentsAsync(accountId, ct) : [],
            isPatient ? await ConversationsAsync(accountId, ct) : [],
            history,
            isPatient ? await AccessLogAsync(accountId, ct) : [],
            await DisputesAsync(accountId, ct),
            await TicketsAsync(accountId, ct),
            await ChatsAsync(accountId, ct),
            isPatient ? await ReviewsAsync(accountId, ct) : [],
            await SurveysAsync(accountId, ct),
            await erasures.LatestAsync(accountId, ct));
        await audit.RecordAsync(new AuditEvent(AuditActions.PrivacyExport, AuditOutcome.Allowed, isPatient ? accountId : null, $"account {accountId:D}"), ct);
        return data;
    }

    private async Task<Dictionary<int, string>> DoctorNamesAsync(IEnumerable<int> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        return await db.Doctors.AsNoTracking().Where(d => wanted.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, d => $"{d.Title} {d.GivenName} {d.FamilyName}".Trim(), ct);
    }

    private async Task<IReadOnlyList<ExportedAppointment>> AppointmentsAsync(Guid accountId, CancellationToken ct)
    {
        var appointments = await db.Appointments.AsNoTracking().Where(a => a.PatientId == accountId).OrderBy(a => a.Start).ToListAsync(ct);
        var ids = appointments.Select(a => a.Id).ToList();
        var history = (await db.AppointmentHistory.AsNoTracking().Where(h => ids.Contains(h.AppointmentId)).OrderBy(h => h.At).ToListAsync(ct))
            .ToLookup(h => h.AppointmentId);
        var doctors = await DoctorNamesAsync(appointments.Select(a => a.DoctorId), ct);
        var clinicIds = appointments.Select(a => a.ClinicId).Distinct().ToList();
        var clinics = await db.Clinics.AsNoTracking().Where(c => clinicIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => new { c.Name, c.TimeZoneId }, ct);
        return [.. appointments.Select(a => new ExportedAppointment(a.Id, Iso(a.Start), Iso(a.End), a.Status.ToString(), doctors.GetValueOrDefault(a.DoctorId, ""),
            clinics.GetValueOrDefault(a.ClinicId)?.Name ?? "", clinics.GetValueOrDefault(a.ClinicId)?.TimeZoneId ?? "UTC",
            protector.OpenOrLegacy(a.Reason, a.Id, Appointment.ReasonColumn),
            [.. history[a.Id].Select(h => new ExportedAppointmentChange(Iso(h.At), h.ByAccountId == accountId ? "you" : h.Actor.ToString().ToLowerInvariant(),
                h.FromStatus?.ToString(), h.ToStatus.ToString(), Iso(h.FromStart), Iso(h.ToStart), h.Reason))]))];
    }

    private async Task<IReadOnlyList<ExportedConversation>> ConversationsAsync(Guid accountId, CancellationToken ct)
    {
        var conversations = await db.Conversations.AsNoTracking().Where(c => c.PatientId == accountId).OrderBy(c => c.CreatedAt).ToListAsync(ct);
        var ids = conversations.Select(c => c.Id).ToList();
        var messages = await db.Messages.AsNoTracking().Where(m => ids.Contains(m.ConversationId)).OrderBy(m => m.SentAt).ToListAsync(ct);
        var messageIds = messages.Select(m => m.Id).ToList();
        var attachments = (await db.MessageAttachments.AsNoTracking().Where(f => messageIds.Contains(f.MessageId))
                .Select(f => new { f.Id, f.MessageId, f.SealedFileName, f.ContentType, f.Size }).ToListAsync(ct))
            .ToLookup(f => f.MessageId);
        var conversationOf = messages.ToDictionary(m => m.Id, m => m.ConversationId);
        var doctors = await DoctorNamesAsync(conversations.Select(c => c.DoctorId), ct);
        var byConversation = messages.ToLookup(m => m.ConversationId);
        return [.. conversations.Select(c => new ExportedConversation(c.Id, protector.Open(c.SealedSubject, c.Id, ConversationQueries.SubjectColumn),
            doctors.GetValueOrDefault(c.DoctorId, ""), Iso(c.CreatedAt),
            [.. byConversation[c.Id].Select(m => new ExportedMessage(Iso(m.SentAt), m.SenderId == accountId,
                protector.Open(m.SealedBody, m.Id, ConversationQueries.BodyColumn),
                [.. attachments[m.Id].Select(f => new ExportedAttachment(f.Id, protector.Open(f.SealedFileName, f.Id, ConversationQueries.FileNameColumn),
                    f.ContentType, f.Size, $"/api/v1/conversations/{conversationOf[m.Id]}/attachments/{f.Id}"))]))]))];
    }

    private async Task<IReadOnlyList<AccessLogEntry>> AccessLogAsync(Guid accountId, CancellationToken ct)
    {
        var entries = new List<AccessLogEntry>();
        for (var page = 1; page <= MaxAccessLogPages; page++)
        {
            var read = await accessLog.ListAsync(accountId, page, ct);
            entries.AddRange(read.Entries);
            if (!read.HasOlder) break;
        }
        return entries;
    }

    private async Task<IReadOnlyList<ExportedDispute>> DisputesAsync(Guid accountId, CancellationToken ct)
    {
        var disputes = await db.Disputes.AsNoTracking().Where(d => d.PatientId == accountId || d.OpenedBy == accountId).OrderBy(d => d.CreatedAt).ToListAsync(ct);
        var ids = disputes.Select(d => d.Id).ToList();
        // Only what the parties read: an administrator's note to other administrators is not the person's data to read here.
        var steps = (await db.DisputeSteps.AsNoTracking().Where(s => ids.Contains(s.DisputeId)).OrderBy(s => s.At).ToListAsync(ct)).ToLookup(s => s.DisputeId);
        return [.. disputes.Select(d => new ExportedDispute(d.Id, d.AppointmentId, d.Kind.ToString(), d.State.ToString(), Iso(d.CreatedAt),
            [.. steps[d.Id].Where(s => s.ByAccountId == accountId || s.Audience is null or DisputeAudience.Both or DisputeAudience.Patient)
                .Select(s => new ExportedDisputeStep(Iso(s.At), s.Kind.ToString(), s.ByAccountId == accountId,
                    s.SealedText is null ? null : protector.Open(s.SealedText, s.Id, DisputeWork.TextColumn)))]))];
    }

    private async Task<IReadOnlyList<ExportedTicket>> TicketsAsync(Guid accountId, CancellationToken ct)
    {
        var tickets = await db.SupportTickets.AsNoTracking().Where(t => t.RequesterId == accountId).OrderBy(t => t.CreatedAt).ToListAsync(ct);
        var ids = tickets.Select(t => t.Id).ToList();
        // The requester's view of a ticket: agents' internal notes are never shown to them.
        var posts = (await db.TicketPosts.AsNoTracking().Where(p => ids.Contains(p.TicketId) && p.Kind != TicketPostKind.InternalNote)
            .OrderBy(p => p.At).ToListAsync(ct)).ToLookup(p => p.TicketId);
        return [.. tickets.Select(t => new ExportedTicket(t.Id, t.Category.ToString(), t.Status.ToString(), Iso(t.CreatedAt),
            [.. posts[t.Id].Select(p => new ExportedTicketPost(Iso(p.At), p.Kind == TicketPostKind.Requester,
                p.SealedSubject is null ? null : protector.Open(p.SealedSubject, p.Id, TicketDesk.SubjectColumn),
                protector.Open(p.SealedBody, p.Id, TicketDesk.BodyColumn)))]))];
    }

    private async Task<IReadOnlyList<ExportedChat>> ChatsAsync(Guid accountId, CancellationToken ct)
    {
        var chats = await db.ChatConversations.AsNoTracking().Where(c => c.CustomerId == accountId).OrderBy(c => c.QueuedAt).ToListAsync(ct);
        var ids = chats.Select(c => c.Id).ToList();
        var lines = (await db.ChatMessages.AsNoTracking().Where(m => ids.Contains(m.ConversationId)).OrderBy(m => m.At).ToListAsync(ct)).ToLookup(m => m.ConversationId);
        return [.. chats.Select(c => new ExportedChat(c.Id, c.Status.ToString(), Iso(c.QueuedAt),
            [.. lines[c.Id].Select(m => new ExportedChatLine(Iso(m.At), m.FromAgent, protector.Open(m.SealedBody, m.Id, ChatTalk.BodyColumn)))]))];
    }

    private async Task<IReadOnlyList<ExportedReview>> ReviewsAsync(Guid accountId, CancellationToken ct)
    {
        var reviews = await db.Reviews.AsNoTracking().Where(r => r.PatientId == accountId).OrderBy(r => r.CreatedAt).ToListAsync(ct);
        var doctors = await DoctorNamesAsync(reviews.Select(r => r.DoctorId), ct);
        return [.. reviews.Select(r => new ExportedReview(r.Id, r.AppointmentId, doctors.GetValueOrDefault(r.DoctorId, ""), r.Rating, r.Text, r.Status.ToString(),
            Iso(r.CreatedAt), r.Reply))];
    }

    private async Task<IReadOnlyList<ExportedSurveyResponse>> SurveysAsync(Guid accountId, CancellationToken ct)
    {
        var responses = await (from r in db.SurveyResponses.AsNoTracking()
                               join i in db.SurveyInvitations on r.InvitationId equals i.Id
                               join s in db.Surveys on r.SurveyId equals s.Id
                               where i.AccountId == accountId
                               orderby r.SubmittedAt
                               select new { r.Id, s.Title, r.SubmittedAt }).ToListAsync(ct);
        var ids = responses.Select(r => r.Id).ToList();
        var answers = (await (from a in db.SurveyAnswers.AsNoTracking()
                              join q in db.SurveyQuestions on a.QuestionId equals q.Id
                              where ids.Contains(a.ResponseId)
                              orderby q.Position
                              select new { a.Id, a.ResponseId, q.Prompt, q.Choices, a.Rating, a.ChoiceIndex, a.SealedText }).ToListAsync(ct))
            .ToLookup(a => a.ResponseId);
        return [.. responses.Select(r => new ExportedSurveyResponse(r.Title, Iso(r.SubmittedAt),
            [.. answers[r.Id].Select(a => new ExportedSurveyAnswer(a.Prompt, a.Rating, Choice(a.Choices, a.ChoiceIndex),
                a.SealedText is null ? null : protector.Open(a.SealedText, a.Id, AnswerSurvey.TextColumn)))]))];
    }

    /// <summary>Instants as ISO 8601 in UTC, as the rest of the API writes them.</summary>
    public static string Iso(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    private static string? Iso(Instant? instant) => instant is { } value ? Iso(value) : null;

    /// <summary>The chosen option's words; the survey keeps its options one per line.</summary>
    private static string? Choice(string choices, int? index)
    {
        if (index is not { } i) return null;
        var options = choices.Split('\n');
        return i >= 0 && i < options.Length ? options[i].Trim() : null;
    }
}
