using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin.Clinics;

/// <summary>
/// Adds a doctor to a clinic's doctors. A doctor works at any number of clinics (the DoctorClinics link, which the doctor's
/// own profile edits too), so this moves nobody: the doctor's other clinics, hours and appointments stay as they are, and
/// the doctor may now add hours here.
/// </summary>
public sealed class AssignDoctor(CareSlotDb db, AuditTrail audit, ClinicDirectory directory, ClinicQueries queries, IStringLocalizer<AdminText> text)
{
    public async Task<Outcome<ClinicDetails>> HandleAsync(int clinicId, int? doctorId, CancellationToken ct)
    {
        var clinic = await db.Clinics.Include(c => c.Doctors).SingleOrDefaultAsync(c => c.Id == clinicId, ct);
        if (clinic is null) return SaveClinic.NotFound(text);
        if (doctorId is not int id) return UseCaseProblem.Invalid("doctorId", text["Choose a doctor from the list."]);
        if (clinic.Doctors.Any(d => d.Id == id))
        {
            return new UseCaseProblem(StatusCodes.Status409Conflict, text["The doctor already works at this clinic."],
                text["Nothing was changed."]);
        }
        var doctor = await db.Doctors.SingleOrDefaultAsync(d => d.Id == id, ct);
        if (doctor is null) return UseCaseProblem.Invalid("doctorId", text["Choose a doctor from the list."]);
        clinic.Doctors.Add(doctor);

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await directory.ChangedAsync(clinicId, ct);
            await audit.RecordAsync(new AuditEvent(AuditActions.ClinicDoctorAssigned, AuditOutcome.Allowed, Record: $"clinic {clinicId} doctor {id}"), ct);
            await transaction.CommitAsync(ct);
        });
        await directory.CommittedAsync(ct);
        return new Outcome<ClinicDetails>((await queries.FindAsync(clinicId, ct))!, null);
    }
}
