using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.HelpDesk;
using CareSlot.Web.Features.LiveChat;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Retention;

/// <summary>
/// The kinds of data with a retention period, in the order the job takes them. Retention is the one place that deletes
/// other features' rows: it removes whole rows at their period's end and writes nothing else of theirs, as erasure does.
/// </summary>
public static class RetentionRules
{
    public static readonly IReadOnlyList<RetentionRule> All =
    [
        new MedicalRecordsRule(),
        new PatientMessagesRule(),
        new DeliveryLogRule(),
        new ChatTranscriptsRule(),
        new UnverifiedAccountsRule(),
        new ClosedTicketsRule(),
        new SurveyTextRule(),
        // Last, so the run's own summary rows are never in the batch it purges.
        new AuditTrailRule(),
    ];

    public static RetentionRule? Find(string kind) => All.FirstOrDefault(r => string.Equals(r.Kind, kind, StringComparison.Ordinal));

    /// <summary>
    /// Patients whose last visit, last record change and last message are all before <paramref name="cutoff"/>, and who
    /// have no visit ahead: their record's period has passed. A cancelled visit is no visit.
    /// </summary>
    internal static IQueryable<Guid> PatientsPastRecordsPeriod(CareSlotDb db, Instant cutoff) =>
        db.Users
            .Where(a => db.RecordEntries.Any(e => e.PatientId == a.Id) || db.Conversations.Any(c => c.PatientId == a.Id))
            .Where(a => !db.RecordEntries.Any(e => e.PatientId == a.Id && e.UpdatedAt >= cutoff)
                && !db.Conversations.Any(c => c.PatientId == a.Id && c.LastMessageAt >= cutoff)
                && !db.Appointments.Any(x => x.PatientId == a.Id && x.End >= cutoff && x.Status != AppointmentStatus.Cancelled))
            .Select(a => a.Id);
}

/// <summary>History entries and every version of them, 10 years after the patient's last visit (deleted: the record is the patient's, and nothing requires it longer).</summary>
public sealed class MedicalRecordsRule : RetentionRule
{
    public override string Kind => "medical-records";

    public override Instant Cutoff(RetentionOptions options, Instant now) => YearsBefore(now, options.MedicalRecordsYears);

    public override async Task<RetentionBacklog> MeasureAsync(CareSlotDb db, Instant cutoff, CancellationToken ct)
    {
        var due = db.RecordEntries.Where(e => RetentionRules.PatientsPastRecordsPeriod(db, cutoff).Contains(e.PatientId));
        return new(Kind, await due.LongCountAsync(ct), await due.Select(e => (Instant?)e.UpdatedAt).MinAsync(ct));
    }

    public override Task<int> PurgeBatchAsync(CareSlotDb db, Instant cutoff, int batchSize, CancellationToken ct) =>
        InTransactionAsync(db, async () =>
        {
            var entries = await db.RecordEntries.Where(e => RetentionRules.PatientsPastRecordsPeriod(db, cutoff).Contains(e.PatientId))
                .OrderBy(e => e.Id).Select(e => e.Id).Take(batchSize).ToListAsync(ct);
            if (entries.Count == 0) return 0;
            await db.RecordEntryVersions.Where(v => entries.Contains(v.EntryId)).ExecuteDeleteAsync(ct);
            return await db.RecordEntries.Where(e => entries.Contains(e.Id)).ExecuteDeleteAsync(ct);
        }, ct);
}

/// <summary>Conversations between a patient and doctors, with their messages and attachments: they follow the medical record's period.</summary>
public sealed class PatientMessagesRule : RetentionRule
{
    public override string Kind => "patient-messages";

    public override Instant Cutoff(RetentionOptions options, Instant now) => YearsBefore(now, options.MedicalRecordsYears);

    public override async Task<RetentionBacklog> MeasureAsync(CareSlotDb db, Instant cutoff, CancellationToken ct)
    {
        var due = db.Conversations.Where(c => RetentionRules.PatientsPastRecordsPeriod(db, cutoff).Contains(c.PatientId));
        return new(Kind, await due.LongCountAsync(ct), await due.Select(c => (Instant?)c.LastMessageAt).MinAsync(ct));
    }

    /// <summary>Messages and their attachments go with the conversation (cascade in the schema).</summary>
    public override Task<int> PurgeBatchAsync(CareSlotDb db, Instant cutoff, int batchSize, CancellationToken ct) =>
        InTransactionAsync(db, async () =>
        {
            var conversations = await db.Conversations.Where(c => RetentionRules.PatientsPastRecordsPeriod(db, cutoff).Contains(c.PatientId))
                .OrderBy(c => c.Id).Select(c => c.Id).Take(batchSize).ToListAsync(ct);
            if (conversations.Count == 0) return 0;
            return await db.Conversations.Where(c => conversations.Contains(c.Id)).ExecuteDeleteAsync(ct);
        }, ct);
}

/// <summary>Outbox rows whose delivery is over (sent, failed, withdrawn, skipped), a year after they were queued.</summary>
public sealed class DeliveryLogRule : RetentionRule
{
    public override string Kind => "delivery-log";

    public override Instant Cutoff(RetentionOptions options, Instant now) => DaysBefore(now, options.DeliveryLogDays);

    private static IQueryable<OutboxMessage> Due(CareSlotDb db, Instant cutoff) =>
        db.OutboxMessages.Where(m => m.State != OutboxState.Pending && m.CreatedAt < cutoff);

    public override async Task<RetentionBacklog> MeasureAsync(CareSlotDb db, Instant cutoff, CancellationToken ct) =>
        new(Kind, await Due(db, cutoff).LongCountAsync(ct), await Due(db, cutoff).Select(m => (Instant?)m.CreatedAt).MinAsync(ct));

    public override Task<int> PurgeBatchAsync(CareSlotDb db, Instant cutoff, int batchSize, CancellationToken ct) =>
        InTransactionAsync(db, async () =>
        {
            var ids = await Due(db, cutoff).OrderBy(m => m.Id).Select(m => m.Id).Take(batchSize).ToListAsync(ct);
            if (ids.Count == 0) return 0;
            return await db.OutboxMessages.Where(m => ids.Contains(m.Id)).ExecuteDeleteAsync(ct);
        }, ct);
}

/// <summary>
/// The lines of live chats closed more than a year ago are deleted; the conversation row stays (for the team's
/// statistics) without the customer's name, e-mail, account or visitor key.
/// </summary>
public sealed class ChatTranscriptsRule : RetentionRule
{
    public override string Kind => "chat-transcripts";

    public override Instant Cutoff(RetentionOptions options, Instant now) => DaysBefore(now, options.ChatTranscriptDays);

    private static IQueryable<ChatConversation> Due(CareSlotDb db, Instant cutoff) =>
        db.ChatConversations.Where(c => c.Status == ChatStatus.Closed && c.ClosedAt < cutoff
            && (c.CustomerName != "" || c.CustomerEmail != "" || c.VisitorKeyHash != null || c.CustomerId != null
                || db.ChatMessages.Any(m => m.ConversationId == c.Id)));

    public override async Task<RetentionBacklog> MeasureAsync(CareSlotDb db, Instant cutoff, CancellationToken ct)
    {
        var lines = await db.ChatMessages.Where(m => Due(db, cutoff).Any(c => c.Id == m.ConversationId)).LongCountAsync(ct);
        var conversations = await Due(db, cutoff).LongCountAsync(ct);
        return new(Kind, lines + conversations, await Due(db, cutoff).Select(c => c.ClosedAt).MinAsync(ct));
    }

    /// <summary>Counts the lines deleted and the conversations anonymised.</summary>
    public override Task<int> PurgeBatchAsync(CareSlotDb db, Instant cutoff, int batchSize, CancellationToken ct) =>
        InTransactionAsync(db, async () =>
        {
            var ids = await Due(db, cutoff).OrderBy(c => c.Id).Select(c => c.Id).Take(batchSize).ToListAsync(ct);
            if (ids.Count == 0) return 0;
            var lines = await db.ChatMessages.Where(m => ids.Contains(m.ConversationId)).ExecuteDeleteAsync(ct);
            var conversations = await db.ChatConversations.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(set => set
                .SetProperty(c => c.CustomerName, "")
                .SetProperty(c => c.CustomerEmail, "")
                .SetProperty(c => c.VisitorKeyHash, (string?)null)
                .SetProperty(c => c.CustomerId, (Guid?)null), ct);
            return lines + conversations;
        }, ct);
}

/// <summary>
/// Accounts whose e-mail and phone were never confirmed, 30 days after registration, with their tokens, roles and phone
/// code (cascade in the schema). Never a staff account, nor one something else still points at (a visit, a doctor's
/// profile, a conversation, a dispute, a review): those are not the abandoned sign-ups this is about.
/// </summary>
public sealed class UnverifiedAccountsRule : RetentionRule
{
    private static readonly string[] StaffRoles = [Roles.Doctor, Roles.Admin, Roles.Support];

    public override string Kind => "unverified-accounts";

    public override Instant Cutoff(RetentionOptions options, Instant now) => DaysBefore(now, options.UnverifiedAccountDays);

    private static IQueryable<Account> Due(CareSlotDb db, Instant cutoff)
    {
        var staffRoleIds = db.Roles.Where(r => StaffRoles.Contains(r.Name!)).Select(r => r.Id);
        return db.Users.Where(a => !a.EmailConfirmed && !a.PhoneNumberConfirmed && a.CreatedAt < cutoff
            && !db.UserRoles.Any(ur => ur.UserId == a.Id && staffRoleIds.Contains(ur.RoleId))
            && !db.Appointments.Any(x => x.PatientId == a.Id)
            && !db.Doctors.Any(d => d.AccountId == a.Id)
            && !db.DoctorDecisions.Any(d => d.ById == a.Id)
            && !db.Conversations.Any(c => c.PatientId == a.Id)
            && !db.Disputes.Any(d => d.PatientId == a.Id)
            && !db.Reviews.Any(r => r.PatientId == a.Id));
    }

    public override async Task<RetentionBacklog> MeasureAsync(CareSlotDb db, Instant cutoff, CancellationToken ct) =>
        new(Kind, await Due(db, cutoff).LongCountAsync(ct), await Due(db, cutoff).Select(a => (Instant?)a.CreatedAt).MinAsync(ct));

    public override Task<int> PurgeBatchAsync(CareSlotDb db, Instant cutoff, int batchSize, CancellationToken ct) =>
        InTransactionAsync(db, async () =>
        {
            var ids = await Due(db, cutoff).OrderBy(a => a.Id).Select(a => a.Id).Take(batchSize).ToListAsync(ct);
            if (ids.Count == 0) return 0;
            return await db.Users.Where(a => ids.Contains(a.Id)).ExecuteDeleteAsync(ct);
        }, ct);
}

/// <summary>Closed help-desk tickets, 3 years after their last change, with their posts and files (cascade in the schema).</summary>
public sealed class ClosedTicketsRule : RetentionRule
{
    public override string Kind => "closed-tickets";

    public override Instant Cutoff(RetentionOptions options, Instant now) => YearsBefore(now, options.ClosedTicketYears);

    private static IQueryable<SupportTicket> Due(CareSlotDb db, Instant cutoff) =>
        db.SupportTickets.Where(t => t.Status == TicketStatus.Closed && t.UpdatedAt < cutoff);

    public override async Task<RetentionBacklog> MeasureAsync(CareSlotDb db, Instant cutoff, CancellationToken ct) =>
        new(Kind, await Due(db, cutoff).LongCountAsync(ct), await Due(db, cutoff).Select(t => (Instant?)t.UpdatedAt).MinAsync(ct));

    public override Task<int> PurgeBatchAsync(CareSlotDb db, Instant cutoff, int batchSize, CancellationToken ct) =>
        InTransactionAsync(db, async () =>
        {
            var ids = await Due(db, cutoff).OrderBy(t => t.Id).Select(t => t.Id).Take(batchSize).ToListAsync(ct);
            if (ids.Count == 0) return 0;
            return await db.SupportTickets.Where(t => ids.Contains(t.Id)).ExecuteDeleteAsync(ct);
        }, ct);
}

/// <summary>The free-text answers of surveys, 2 years after submission; the ratings and choices stay for the statistics.</summary>
public sealed class SurveyTextRule : RetentionRule
{
    public override string Kind => "survey-text";

    public override Instant Cutoff(RetentionOptions options, Instant now) => YearsBefore(now, options.SurveyTextYears);

    private static IQueryable<Surveys.SurveyAnswer> Due(CareSlotDb db, Instant cutoff) =>
        db.SurveyAnswers.Where(a => a.SealedText != null && db.SurveyResponses.Any(r => r.Id == a.ResponseId && r.SubmittedAt < cutoff));

    public override async Task<RetentionBacklog> MeasureAsync(CareSlotDb db, Instant cutoff, CancellationToken ct)
    {
        var oldest = await db.SurveyResponses.Where(r => r.SubmittedAt < cutoff && db.SurveyAnswers.Any(a => a.ResponseId == r.Id && a.SealedText != null))
            .Select(r => (Instant?)r.SubmittedAt).MinAsync(ct);
        return new(Kind, await Due(db, cutoff).LongCountAsync(ct), oldest);
    }

    public override Task<int> PurgeBatchAsync(CareSlotDb db, Instant cutoff, int batchSize, CancellationToken ct) =>
        InTransactionAsync(db, async () =>
        {
            var ids = await Due(db, cutoff).OrderBy(a => a.Id).Select(a => a.Id).Take(batchSize).ToListAsync(ct);
            if (ids.Count == 0) return 0;
            return await db.SurveyAnswers.Where(a => ids.Contains(a.Id)).ExecuteUpdateAsync(set => set.SetProperty(a => a.SealedText, (string?)null), ct);
        }, ct);
}

/// <summary>
/// Rows of the audit trail, 6 years after they were written. Only the oldest rows of a lane go, in order, and the lane's
/// floor (<see cref="AuditChainHead.FloorSequence"/>, <see cref="AuditChainHead.FloorHash"/>) moves to the last one deleted in
/// the same transaction, so the chain of what is kept still verifies from there (AuditVerifier).
/// </summary>
public sealed class AuditTrailRule : RetentionRule
{
    public override string Kind => "audit-trail";

    public override Instant Cutoff(RetentionOptions options, Instant now) => YearsBefore(now, options.AuditTrailYears);

    public override async Task<RetentionBacklog> MeasureAsync(CareSlotDb db, Instant cutoff, CancellationToken ct)
    {
        var due = db.AuditTrail.Where(e => e.At < cutoff);
        return new(Kind, await due.LongCountAsync(ct), await due.Select(e => (Instant?)e.At).MinAsync(ct));
    }

    /// <summary>One batch from the first lane that has due rows at its start.</summary>
    public override async Task<int> PurgeBatchAsync(CareSlotDb db, Instant cutoff, int batchSize, CancellationToken ct)
    {
        var heads = await db.Set<AuditChainHead>().AsNoTracking().OrderBy(h => h.Id).Select(h => new { h.Id, h.FloorSequence }).ToListAsync(ct);
        foreach (var head in heads)
        {
            var rows = await db.AuditTrail.Where(e => e.Lane == head.Id && e.Sequence > head.FloorSequence).OrderBy(e => e.Sequence).Take(batchSize)
                .Select(e => new { e.Sequence, e.At, e.Hash }).ToListAsync(ct);
            // Only a run of old rows at the start of the lane: a younger row stops it, so the kept rows stay one chain.
            var expired = rows.TakeWhile(r => r.At < cutoff).ToList();
            if (expired.Count == 0) continue;
            var last = expired[^1];
            var floor = head.FloorSequence;
            var newFloorHash = last.Hash.Trim();
            var deleted = await InTransactionAsync(db, async () =>
            {
                // Conditional on the floor this instance read: another instance that moved it first wins, and this batch does nothing.
                var moved = await db.Set<AuditChainHead>().Where(h => h.Id == head.Id && h.FloorSequence == floor)
                    .ExecuteUpdateAsync(set => set.SetProperty(h => h.FloorSequence, last.Sequence).SetProperty(h => h.FloorHash, newFloorHash), ct);
                if (moved == 0) return 0;
                return await db.AuditTrail.Where(e => e.Lane == head.Id && e.Sequence > floor && e.Sequence <= last.Sequence).ExecuteDeleteAsync(ct);
            }, ct);
            if (deleted > 0) return deleted;
        }
        return 0;
    }
}
