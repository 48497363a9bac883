using System.Collections.Concurrent;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Consents;
using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Observability;
using CareSlot.Web.Platform.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using NodaTime;

namespace CareSlot.Web.Features.Notifications.Outbox;

/// <summary>
/// Sends due outbox messages: claims a small batch, sends each, records each outcome at once. A claim is a
/// lease, so several instances share the work without sending a message twice, and a claim held by an
/// instance that died is taken over once its lease passes.
/// </summary>
public sealed partial class DispatchOutbox(
    CareSlotDb db,
    IClock clock,
    IEmailTransport email,
    ISmsTransport sms,
    NotificationRenderer renderer,
    IOptions<NotificationOptions> options,
    IOptions<EmailOptions> emailOptions,
    IOptions<SiteOptions> site,
    IDataProtectionProvider protection,
    CareSlotMetrics metrics,
    ILogger<DispatchOutbox> logger)
{
    internal static readonly LocalTime QuietFrom = new(21, 0);
    internal static readonly LocalTime QuietUntil = new(8, 0);

    /// <summary>The Message-Id's right side: the sender's domain, parsed once per batch rather than per message.</summary>
    private readonly Lazy<string> senderDomain = new(() =>
        MailboxAddress.TryParse(emailOptions.Value.From, out var from) ? from.Domain : "careslot.local");

    /// <summary>Claims and sends one batch; returns how many messages it claimed.</summary>
    /// <param name="stopping">Once signalled, the messages being sent are finished and the rest of the batch released.</param>
    public async Task<int> RunOnceAsync(CancellationToken stopping)
    {
        var claim = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        var claimed = await ClaimAsync(claim, stopping);
        var appointments = await LoadAsync(claimed, stopping);
        // Sending waits on the network, so a few go at once. The context is not thread-safe, so outcomes are applied
        // and saved under a lock, each as soon as it is known; those that finished while a save was running go
        // together in the next one, one commit for several.
        var finished = new ConcurrentQueue<(OutboxMessage Message, Action<OutboxMessage> Outcome)>();
        using var saving = new SemaphoreSlim(1, 1);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.SendConcurrency };
        await Parallel.ForEachAsync(claimed, parallel, async (message, _) =>
        {
            if (stopping.IsCancellationRequested) return;
            // A send that has begun is finished even during shutdown: abandoning it midway is what makes duplicates.
            var outcome = message.AppointmentId is { } appointmentId
                ? await ProcessAsync(message, appointments.GetValueOrDefault(appointmentId))
                : await SendAsync(message, () => AccountMessages.Read(protection, message) switch
                {
                    EmailMessage mail => (mail.To, email.SendAsync(mail, CancellationToken.None)),
                    var text => (((SmsMessage)text).To, sms.SendAsync((SmsMessage)text, CancellationToken.None)),
                });
            finished.Enqueue((message, outcome));
            await saving.WaitAsync(CancellationToken.None);
            try
            {
                var recorded = new List<OutboxMessage>();
                while (finished.TryDequeue(out var done))
                {
                    done.Outcome(done.Message);
                    recorded.Add(done.Message);
                }
                if (recorded.Count > 0) await db.SaveChangesAsync(CancellationToken.None);
                foreach (var done in recorded) metrics.NotificationOutcome(done.Channel.ToString().ToLowerInvariant(), OutcomeName(done));
            }
            finally
            {
                saving.Release();
            }
        });
        await ReleaseAsync(claimed, claim);
        db.ChangeTracker.Clear();
        return claimed.Count;
    }

    /// <summary>How an attempt ended, as /metrics counts it: retrying means another attempt follows; dead, that none does.</summary>
    private static string OutcomeName(OutboxMessage message) => message.State switch
    {
        OutboxState.Sent => "sent",
        OutboxState.Failed => "dead",
        OutboxState.Skipped => "skipped",
        _ => "retrying",
    };

    private async Task<List<OutboxMessage>> ClaimAsync(string claim, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var lease = now + Duration.FromSeconds(options.Value.ClaimLeaseSeconds);
        var batch = options.Value.BatchSize;
        var strategy = db.Database.CreateExecutionStrategy();
        var ids = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // PostgreSQL: rows another instance is claiming right now are skipped, not waited for. SQLite has one
            // writer at a time (the transaction begins IMMEDIATE), so the plain select cannot race.
            var claimable = db.Database.IsNpgsql()
                ? await db.Database.SqlQuery<long>($"""
                    SELECT "Id" AS "Value" FROM "OutboxMessages"
                    WHERE "State" = 'Pending' AND "DueAt" <= {now} AND ("LockedUntil" IS NULL OR "LockedUntil" < {now})
                    ORDER BY "DueAt" LIMIT {batch} FOR UPDATE SKIP LOCKED
                    """).ToListAsync(ct)
                : await db.Set<OutboxMessage>()
                    .Where(m => m.State == OutboxState.Pending && m.DueAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
                    .OrderBy(m => m.DueAt).Select(m => m.Id).Take(batch).ToListAsync(ct);
            if (claimable.Count > 0)
            {
                await db.Set<OutboxMessage>().Where(m => claimable.Contains(m.Id))
                    .ExecuteUpdateAsync(m => m.SetProperty(x => x.LockedUntil, lease).SetProperty(x => x.LockedBy, claim), ct);
            }
            await transaction.CommitAsync(ct);
            return claimable;
        });
        // By id, not by claim: nothing indexes the claim, and a scan of the whole outbox per batch made the
        // dispatcher slower with every message it had ever sent.
        return ids.Count == 0 ? [] : await db.Set<OutboxMessage>().Where(m => ids.Contains(m.Id)).OrderBy(m => m.DueAt).ToListAsync(ct);
    }

    /// <summary>Whatever was claimed but not sent (shutdown) is free for the next claim at once.</summary>
    /// <remarks>Every recorded outcome has released its message already, and was saved before this runs.</remarks>
    private async Task ReleaseAsync(List<OutboxMessage> claimed, string claim)
    {
        var unsent = claimed.Where(m => m.LockedBy == claim).Select(m => m.Id).ToList();
        if (unsent.Count == 0) return;
        await db.Set<OutboxMessage>().Where(m => unsent.Contains(m.Id) && m.LockedBy == claim)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.LockedUntil, (Instant?)null).SetProperty(x => x.LockedBy, (string?)null), CancellationToken.None);
    }

    /// <summary>Sends the message if it is still wanted; returns what to record. Reads the message but changes nothing.</summary>
    private async Task<Action<OutboxMessage>> ProcessAsync(OutboxMessage message, AppointmentRow? appointment)
    {
        var now = clock.GetCurrentInstant();
        if (appointment is null) return m => m.Skip("The appointment no longer exists.");
        var facts = Facts(message, appointment);

        if (message.IsReminder && (!AppointmentStatusRules.IsActive(facts.Status) || now >= facts.Start))
        {
            return m => m.Skip("The visit is no longer upcoming.");
        }

        var recipient = ChooseRecipient(message, facts, appointment.Patient, appointment.Doctor, out var skipped);
        if (recipient is null) return m => m.Skip(skipped!);

        if (message.Channel == NotificationChannel.Sms && QuietHoursEnd(message, facts, now) is { } quietEnd)
        {
            if (message.IsReminder && quietEnd >= facts.Start) return m => m.Skip("Quiet hours last until after the visit starts.");
            return m => m.Defer(quietEnd);
        }

        return await SendAsync(message, () => message.Channel == NotificationChannel.Email
            ? (recipient.Address, email.SendAsync(renderer.RenderEmail(message.Template, facts, recipient, MessageId(message)), CancellationToken.None))
            : (recipient.Address, sms.SendAsync(renderer.RenderSms(message.Template, facts, recipient), CancellationToken.None)));
    }

    /// <summary>Runs the send and turns how it went into what to record: sent, another attempt later, or failed for good.</summary>
    private async Task<Action<OutboxMessage>> SendAsync(OutboxMessage message, Func<(string To, Task Sending)> send)
    {
        string error;
        var transient = true;
        try
        {
            var (to, sending) = send();
            await sending;
            var sentAt = clock.GetCurrentInstant();
            return m => m.MarkSent(to, sentAt);
        }
        catch (DeliveryException failure)
        {
            error = failure.Message;
            transient = failure.IsTransient;
        }
        catch (Exception unexpected) when (unexpected is not OperationCanceledException)
        {
            // A fault of ours, not the transport's: retried like an outage so a fix can still deliver it. Only the type is
            // kept; the text of an arbitrary exception might quote the message.
            error = $"Unexpected {unexpected.GetType().Name} while sending.";
        }

        var attempts = message.Attempts + 1;
        var retryAt = transient && attempts < options.Value.MaxAttempts ? clock.GetCurrentInstant() + RetryDelay(attempts) : (Instant?)null;
        LogAttemptFailed(logger, message.Id, message.Template, message.Channel, attempts, retryAt is null, error);
        return m => m.MarkAttemptFailed(error, retryAt);
    }

    /// <remarks>Each recipient is written to in their own account's language: a doctor's notice need not match the patient's.</remarks>
    private static Recipient? ChooseRecipient(OutboxMessage message, AppointmentFacts facts, PatientContact patient, DoctorContact doctor, out string? skipped)
    {
        skipped = null;
        if (message.Template.IsForDoctor())
        {
            if (doctor.Email is null) skipped = "The doctor has no account to write to.";
            return doctor.Email is null ? null : new Recipient(facts.DoctorName, doctor.Email, doctor.Culture ?? "en");
        }

        if (message.Channel == NotificationChannel.Email)
        {
            if (patient.Email is null || !patient.EmailConfirmed) skipped = "The patient's e-mail address is not verified.";
            else if (message.IsReminder && !patient.EmailReminders) skipped = "The patient turned e-mail reminders off.";
            return skipped is null ? new Recipient(facts.PatientName, patient.Email!, patient.Culture) : null;
        }

        if (patient.Phone is null || !patient.PhoneConfirmed) skipped = "The patient has no verified mobile number.";
        else if (message.IsReminder && !patient.SmsReminders) skipped = "The patient withdrew consent to SMS reminders.";
        // Changes must reach the patient on some channel: without a verified e-mail address, SMS carries them regardless.
        else if (!message.IsReminder && !patient.SmsUpdates && patient.EmailConfirmed) skipped = "The patient chose e-mail only for changes.";
        return skipped is null ? new Recipient(facts.PatientName, patient.Phone!, patient.Culture) : null;
    }

    /// <summary>
    /// When an SMS may not go now (21:00–08:00 clinic time), the end of the quiet hours; null when it may go.
    /// A change to a visit on the same day is urgent enough to go at night.
    /// </summary>
    private static Instant? QuietHoursEnd(OutboxMessage message, AppointmentFacts facts, Instant now)
    {
        var zone = facts.Clinic.Zone;
        var local = now.InZone(zone);
        var time = local.TimeOfDay;
        if (time >= QuietUntil && time < QuietFrom) return null;
        var endDate = time >= QuietFrom ? local.Date.PlusDays(1) : local.Date;
        var end = endDate.At(QuietUntil).InZoneLeniently(zone).ToInstant();
        if (!message.IsReminder)
        {
            bool SameDay(Instant start) => start.InZone(zone).Date == local.Date || start < end;
            if (SameDay(facts.Start) || (facts.PreviousStart is { } before && SameDay(before))) return null;
        }
        return end;
    }

    private Duration RetryDelay(int failedAttempts)
    {
        var settings = options.Value;
        var exponential = settings.RetryBaseDelaySeconds * Math.Pow(2, failedAttempts - 1);
        var capped = Math.Min(exponential, settings.RetryMaxDelaySeconds);
        // Jitter spreads the retries of many messages that failed together (a server outage) instead of hammering it on return.
        var jittered = capped * (0.5 + Random.Shared.NextDouble() / 2);
        return Duration.FromSeconds(jittered);
    }

    /// <summary>The same for every attempt at one message, so a copy sent twice after a crash can be recognised as one.</summary>
    private string MessageId(OutboxMessage message) =>
        $"{message.AppointmentId:N}.{message.Template}.{message.Channel}.{message.AppointmentVersion}@{senderDomain.Value}".ToLowerInvariant();

    private sealed record PatientContact(string? Email, bool EmailConfirmed, string? Phone, bool PhoneConfirmed,
        bool EmailReminders, bool SmsReminders, bool SmsUpdates, string Culture);

    /// <param name="Email">Null when the doctor has no account.</param>
    private sealed record DoctorContact(string? Email, string? Culture);

    private sealed record AppointmentRow(Guid Id, Instant Start, Instant End, AppointmentStatus Status, string TypeName, VisitMode Mode,
        string DoctorName, DoctorContact Doctor, ClinicFacts Clinic, string PatientName, PatientContact Patient);

    /// <summary>The batch's appointments with everything their messages say, in one query.</summary>
    private async Task<Dictionary<Guid, AppointmentRow>> LoadAsync(List<OutboxMessage> messages, CancellationToken ct)
    {
        var ids = messages.Where(m => m.AppointmentId is not null).Select(m => m.AppointmentId!.Value).Distinct().ToList();
        if (ids.Count == 0) return [];
        // Reminders by SMS are consent records (Features/Consents): whoever's latest record withdraws them gets none.
        var smsRemindersWithdrawn = ConsentRecord.Withdrawn(db, ConsentPurpose.SmsReminders);
        var rows = await (
                from a in db.Appointments.AsNoTracking()
                where ids.Contains(a.Id)
                join t in db.AppointmentTypes on a.AppointmentTypeId equals t.Id
                join d in db.Doctors on a.DoctorId equals d.Id
                join c in db.Clinics on a.ClinicId equals c.Id
                join p in db.Users on a.PatientId equals p.Id
                select new
                {
                    a.Id, a.Start, a.End, a.Status, TypeName = t.Name, t.Mode,
                    DoctorName = (d.Title + " " + d.GivenName + " " + d.FamilyName).Trim(),
                    DoctorEmail = db.Users.Where(u => u.Id == d.AccountId).Select(u => u.Email).FirstOrDefault(),
                    DoctorLanguage = db.Users.Where(u => u.Id == d.AccountId).Select(u => u.PreferredLanguage).FirstOrDefault(),
                    Clinic = new { c.Name, c.AddressLine, c.City, c.Postcode, c.Phone, c.TimeZoneId },
                    Patient = new PatientContact(p.Email, p.EmailConfirmed, p.PhoneNumber, p.PhoneNumberConfirmed,
                        p.EmailReminders, !smsRemindersWithdrawn.Contains(p.Id), p.SmsUpdates, p.PreferredLanguage),
                    p.FullName,
                })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => new AppointmentRow(r.Id, r.Start, r.End, r.Status, r.TypeName, r.Mode, r.DoctorName, new DoctorContact(r.DoctorEmail, r.DoctorLanguage),
            new ClinicFacts(r.Clinic.Name, r.Clinic.AddressLine, r.Clinic.City, r.Clinic.Postcode, r.Clinic.Phone, DateTimeZoneProviders.Tzdb[r.Clinic.TimeZoneId]),
            r.FullName, r.Patient));
    }

    /// <summary>The appointment as it is now, with the change this message reports as it was queued.</summary>
    private AppointmentFacts Facts(OutboxMessage message, AppointmentRow row) =>
        new(message.AppointmentId!.Value, message.AppointmentVersion, row.Status, row.Start, row.End, row.TypeName, row.Mode, row.DoctorName,
            row.Clinic, row.PatientName, message.PreviousStart, message.ChangedBy, message.ChangeReason,
            site.Value.Link($"/appointments/{message.AppointmentId}"));

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Outbox message {MessageId} ({Template}, {Channel}) failed attempt {Attempts}; final: {Final}. {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, long messageId, NotificationTemplate template, NotificationChannel channel,
        int attempts, bool final, string error);
}
