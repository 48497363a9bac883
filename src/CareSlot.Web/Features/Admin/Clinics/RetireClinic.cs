using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Admin.Clinics;

/// <summary>
/// Closes a clinic: it, and its doctors unless they work elsewhere, leave the directory and booking; past appointments still
/// name it. Refused while an active appointment there is still to come — those patients must be moved or cancelled first.
/// </summary>
public sealed class RetireClinic(CareSlotDb db, IClock clock, AuditTrail audit, ClinicDirectory directory, ClinicQueries queries,
    IStringLocalizer<AdminText> text)
{
    public const string AppointmentsExtension = "appointments";

    public async Task<Outcome<ClinicDetails>> HandleAsync(int id, CancellationToken ct)
    {
        var clinic = await db.Clinics.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (clinic is null) return SaveClinic.NotFound(text);
        var strategy = db.Database.CreateExecutionStrategy();
        var problem = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Bookings hold their doctor's row FOR SHARE: locking the rows of every doctor with hours here waits for the bookings
            // under way (the check below then sees them) and makes the next ones wait until the clinic's hours are gone.
            // SQLite's single writer needs nothing more.
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlAsync($"""
                    SELECT 1 FROM "Doctors" WHERE "Id" IN (SELECT "DoctorId" FROM "WeeklyHours" WHERE "ClinicId" = {id}
                        UNION SELECT "DoctorId" FROM "ExtraHours" WHERE "ClinicId" = {id}) ORDER BY "Id" FOR UPDATE
                    """, ct);
            }
            var now = clock.GetCurrentInstant();
            var blocking = await ClinicQueries.StillToComeAsync(db, id, null, now, ct);
            if (blocking.Count > 0)
            {
                db.ChangeTracker.Clear();
                return Blocked(blocking, text["The clinic still has appointments to come."],
                    text["Move or cancel these appointments, then retire the clinic."]);
            }
            clinic.Retire(now);
            await db.SaveChangesAsync(ct);
            await directory.ChangedAsync(id, ct);
            await audit.RecordAsync(new AuditEvent(AuditActions.ClinicRetired, AuditOutcome.Allowed, Record: $"clinic {id}"), ct);
            await transaction.CommitAsync(ct);
            return (UseCaseProblem?)null;
        });
        if (problem is not null) return problem;
        await directory.CommittedAsync(ct);
        return new Outcome<ClinicDetails>((await queries.FindAsync(id, ct))!, null);
    }

    /// <summary>A 409 listing the appointments that stand in the way.</summary>
    internal static UseCaseProblem Blocked(IReadOnlyList<ClinicAppointment> appointments, string title, string detail) =>
        new(StatusCodes.Status409Conflict, title, detail) { Extensions = { [AppointmentsExtension] = appointments } };

    /// <summary>The appointments a refusal carries, for pages that list them.</summary>
    public static IReadOnlyList<ClinicAppointment> AppointmentsOf(UseCaseProblem problem) =>
        problem.Extensions.TryGetValue(AppointmentsExtension, out var value) && value is IReadOnlyList<ClinicAppointment> list ? list : [];
}
