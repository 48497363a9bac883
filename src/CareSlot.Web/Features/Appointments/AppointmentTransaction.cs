using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Observability;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;
using Npgsql;

namespace CareSlot.Web.Features.Appointments;

/// <summary>What an appointment change locks and clears before it runs.</summary>
/// <param name="PatientId">Locked (PostgreSQL: the patient's row, FOR UPDATE), so one patient's changes run one after another.</param>
/// <param name="Now">The doctor's holds that lapsed by then are deleted first, so they never block the change.</param>
/// <param name="UsePatientHolds">Deletes the patient's own holds with this doctor too: a booking or a new hold uses them up.</param>
/// <param name="ChangesAvailability">Marks the doctor's next free slot stale (<see cref="RefreshAvailability"/>), as a
/// booking, a move or a cancellation does.</param>
public sealed record AppointmentLocks(int DoctorId, Guid? PatientId, Instant Now, bool UsePatientHolds, bool ChangesAvailability)
{
    /// <summary>
    /// An audit row the change writes (a booking writes a reason for the visit): appended with the locks, in the same
    /// round trip on PostgreSQL, so it costs the change no extra one; it commits only with the change.
    /// </summary>
    public AuditEvent? Audit { get; init; }

    /// <summary>A change that takes a doctor's time: book, hold, move.</summary>
    public static AppointmentLocks TakingTime(int doctorId, Guid patientId, Instant now, bool usePatientHolds, bool changesAvailability) =>
        new(doctorId, patientId, now, usePatientHolds, changesAvailability);

    /// <summary>A change that only frees time or changes a status; the appointment's version decides a race.</summary>
    public static AppointmentLocks Releasing(int doctorId, bool changesAvailability) =>
        new(doctorId, null, Instant.MinValue, UsePatientHolds: false, changesAvailability);
}

/// <summary>
/// The one write path of every appointment change (book, hold, move, cancel, status): lock, change, save with the
/// outbox rows (<see cref="SaveAsync"/>), commit only on success, a lost race as 409. How each database keeps the
/// booking invariants: docs/architecture.md, "Scheduling and booking".
/// </summary>
public sealed class AppointmentTransaction(CareSlotDb db, AppointmentOutbox outbox, AuditTrail audit, IStringLocalizer<AppointmentsText> text,
    CareSlotMetrics metrics)
{
    /// <summary>The events this transaction saved, counted on /metrics once (and only if) it commits.</summary>
    private readonly List<AppointmentEvent> saved = [];

    public async Task<Outcome<T>> RunAsync<T>(AppointmentLocks locks, Func<Task<Outcome<T>>> change, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // A refused or failed change rolls the whole transaction back, so the savepoint EF Core would set around
            // each save inside it buys nothing and costs two round trips.
            db.Database.AutoSavepointsEnabled = false;
            try
            {
                await LockAsync(locks, ct);
                var outcome = await change();
                if (outcome.Problem is null)
                {
                    await transaction.CommitAsync(ct);
                    Count(saved);
                }
                return outcome;
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                return AppointmentProblems.Changed(text);
            }
            catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation } overlap)
            {
                db.ChangeTracker.Clear();
                return overlap.ConstraintName?.Contains("Patient", StringComparison.Ordinal) == true
                    ? AppointmentProblems.PatientBusy(text)
                    : AppointmentProblems.SlotTaken(text);
            }
            finally
            {
                db.Database.AutoSavepointsEnabled = true;
                saved.Clear();
            }
        });
    }

    /// <summary>
    /// Saves the change with the messages its appointment events call for: outbox rows in the same save, so nothing is
    /// announced that did not commit. <see cref="AppointmentOutbox"/> refuses any save of appointment events that
    /// skipped this; <see cref="DoctorTimeChanges"/> drops the doctor's cached busy time on the save.
    /// </summary>
    public async Task SaveAsync(CancellationToken ct)
    {
        await outbox.QueueAsync(db, ct);
        saved.AddRange(db.ChangeTracker.Entries<AppointmentEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity));
        await db.SaveChangesAsync(ct);
    }

    private void Count(IEnumerable<AppointmentEvent> events)
    {
        foreach (var change in events)
        {
            var actor = change.Actor.ToString().ToLowerInvariant();
            if (change.Kind == AppointmentEventKind.Booked) metrics.AppointmentBooked(actor);
            else if (change.Kind == AppointmentEventKind.Cancelled) metrics.AppointmentCancelled(actor);
            else if (change.Kind == AppointmentEventKind.Rescheduled) metrics.AppointmentRescheduled(actor);
        }
    }

    private async Task LockAsync(AppointmentLocks locks, CancellationToken ct)
    {
        if (locks.PatientId is { } patientId)
        {
            if (db.Database.IsNpgsql())
            {
                // One round trip for the locks, the holds, the stale mark (RefreshAvailability.MarkStaleAsync's update)
                // and the audit row.
                FormattableString lockAndClear = $"""
                    SELECT 1 FROM "AspNetUsers" WHERE "Id" = {patientId} FOR UPDATE;
                    SELECT 1 FROM "Doctors" WHERE "Id" = {locks.DoctorId} FOR SHARE;
                    DELETE FROM "SlotHolds" WHERE "DoctorId" = {locks.DoctorId} AND ("ExpiresAt" <= {locks.Now} OR ({locks.UsePatientHolds} AND "PatientId" = {patientId}));
                    UPDATE "DoctorAvailability" SET "RefreshedAt" = NULL, "Version" = "Version" + 1 WHERE {locks.ChangesAvailability} AND "DoctorId" = {locks.DoctorId};
                    """;
                await db.Database.ExecuteSqlAsync(
                    locks.Audit is { } auditEvent ? SqlText.Join(lockAndClear, audit.PostgresStatement(auditEvent)!) : lockAndClear, ct);
                return;
            }
            await db.SlotHolds.Where(h => h.DoctorId == locks.DoctorId && (h.ExpiresAt <= locks.Now || (locks.UsePatientHolds && h.PatientId == patientId)))
                .ExecuteDeleteAsync(ct);
        }
        // SQLite, and a change without a patient to lock: the audit row on its own.
        if (locks.Audit is { } pending) await audit.RecordAsync(pending, ct);
        if (locks.ChangesAvailability) await RefreshAvailability.MarkStaleAsync(db, locks.DoctorId, ct);
    }
}
