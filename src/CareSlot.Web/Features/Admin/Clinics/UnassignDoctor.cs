using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Admin.Clinics;

/// <summary>
/// Takes a doctor off a clinic's doctors: the directory no longer shows them there. Refused while the doctor has an active
/// appointment there still to come. Hours the doctor kept there stay theirs to change (a doctor's hours at a clinic they
/// left still book under that clinic's rules, as after their own profile edit).
/// </summary>
public sealed class UnassignDoctor(CareSlotDb db, IClock clock, AuditTrail audit, ClinicDirectory directory, ClinicQueries queries,
    IStringLocalizer<AdminText> text)
{
    public async Task<Outcome<ClinicDetails>> HandleAsync(int clinicId, int doctorId, CancellationToken ct)
    {
        var clinic = await db.Clinics.SingleOrDefaultAsync(c => c.Id == clinicId, ct);
        if (clinic is null) return SaveClinic.NotFound(text);
        var doctor = await db.Doctors.Include(d => d.Clinics).Include(d => d.Specialties).AsSplitQuery()
            .SingleOrDefaultAsync(d => d.Id == doctorId && d.Clinics.Any(c => c.Id == clinicId), ct);
        if (doctor is null)
        {
            return UseCaseProblem.NotFound(text["The doctor does not work at this clinic."], text["There is no such doctor among the clinic's doctors."]);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        var problem = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Bookings hold the doctor's row FOR SHARE: this waits for those under way, so the check below sees them.
            if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Doctors" WHERE "Id" = {doctorId} FOR UPDATE""", ct);
            var blocking = await ClinicQueries.StillToComeAsync(db, clinicId, doctorId, clock.GetCurrentInstant(), ct);
            if (blocking.Count > 0)
            {
                return RetireClinic.Blocked(blocking, text["The doctor still has appointments to come at this clinic."],
                    text["Move or cancel these appointments, then take the doctor off the clinic."]);
            }
            doctor.Clinics.RemoveAll(c => c.Id == clinicId);
            doctor.RefreshSearchKey();
            await db.SaveChangesAsync(ct);
            await directory.ChangedAsync(clinicId, ct);
            await audit.RecordAsync(new AuditEvent(AuditActions.ClinicDoctorUnassigned, AuditOutcome.Allowed, Record: $"clinic {clinicId} doctor {doctorId}"), ct);
            await transaction.CommitAsync(ct);
            return (UseCaseProblem?)null;
        });
        if (problem is not null) return problem;
        await directory.CommittedAsync(ct);
        return new Outcome<ClinicDetails>((await queries.FindAsync(clinicId, ct))!, null);
    }
}
