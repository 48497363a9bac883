using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Npgsql;

namespace CareSlot.Web.Features.Appointments;

/// <summary>
/// The write path of every change that takes a doctor's or a patient's time. On SQLite the
/// transaction starts as a write transaction (BEGIN IMMEDIATE), so the check that follows cannot be
/// overtaken; on PostgreSQL the patient's row is locked for the same reason, the doctor's row is
/// shared-locked so a schedule change (which takes it exclusively) cannot slip between the check and the
/// insert, and the exclusion constraints turn whatever still races into a clean conflict.
/// </summary>
public static class BookingTransaction
{
    /// <param name="now">The doctor's holds that lapsed by then are deleted first, so they never block the change.</param>
    /// <param name="usePatientHolds">Deletes the patient's own holds with this doctor too: a booking or a new hold uses them
    /// up. Like everything here, the deletes come back with the rollback when the change is refused.</param>
    /// <param name="changesAvailability">Marks the doctor's next free slot stale (<see cref="RefreshAvailability"/>), as
    /// a booking or a move does; a refused change rolls the mark back with the rest.</param>
    public static async Task<Outcome<T>> RunAsync<T>(CareSlotDb db, int doctorId, Guid patientId, Instant now, bool usePatientHolds,
        bool changesAvailability, Func<Task<Outcome<T>>> work, CancellationToken ct)
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
                if (db.Database.IsNpgsql())
                {
                    // One round trip for the locks, the holds and the stale mark (RefreshAvailability.MarkStaleAsync's update).
                    await db.Database.ExecuteSqlAsync($"""
                        SELECT 1 FROM "AspNetUsers" WHERE "Id" = {patientId} FOR UPDATE;
                        SELECT 1 FROM "Doctors" WHERE "Id" = {doctorId} FOR SHARE;
                        DELETE FROM "SlotHolds" WHERE "DoctorId" = {doctorId} AND ("ExpiresAt" <= {now} OR ({usePatientHolds} AND "PatientId" = {patientId}));
                        UPDATE "DoctorAvailability" SET "RefreshedAt" = NULL, "Version" = "Version" + 1 WHERE {changesAvailability} AND "DoctorId" = {doctorId}
                        """, ct);
                }
                else
                {
                    await db.SlotHolds.Where(h => h.DoctorId == doctorId && (h.ExpiresAt <= now || (usePatientHolds && h.PatientId == patientId)))
                        .ExecuteDeleteAsync(ct);
                    if (changesAvailability) await RefreshAvailability.MarkStaleAsync(db, doctorId, ct);
                }
                var outcome = await work();
                if (outcome.Problem is null) await transaction.CommitAsync(ct);
                return outcome;
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                return AppointmentProblems.Changed();
            }
            catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation } overlap)
            {
                db.ChangeTracker.Clear();
                return overlap.ConstraintName?.Contains("Patient", StringComparison.Ordinal) == true
                    ? AppointmentProblems.PatientBusy()
                    : AppointmentProblems.SlotTaken();
            }
            finally
            {
                db.Database.AutoSavepointsEnabled = true;
            }
        });
    }
}
