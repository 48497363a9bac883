using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin.Clinics;

/// <summary>Deletes a specialty nobody has; while a doctor has it, 409 (take it off their profiles first).</summary>
public sealed class RemoveSpecialty(CareSlotDb db, AuditTrail audit, ClinicDirectory directory, IStringLocalizer<AdminText> text)
{
    public async Task<Outcome<int>> HandleAsync(int id, CancellationToken ct)
    {
        var specialty = await db.Specialties.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (specialty is null) return SaveSpecialty.NotFound(text);
        var strategy = db.Database.CreateExecutionStrategy();
        var problem = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // A doctor's profile edit that adds it meanwhile would fail on the join table's foreign key instead.
            var holders = await db.Doctors.CountAsync(d => d.Specialties.Any(s => s.Id == id), ct);
            if (holders > 0)
            {
                return new UseCaseProblem(StatusCodes.Status409Conflict, text["Doctors have this specialty."],
                    text["{0} doctors have this specialty. It can be removed once no doctor has it.", holders])
                {
                    Extensions = { ["doctors"] = holders },
                };
            }
            db.Specialties.Remove(specialty);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(new AuditEvent(AuditActions.SpecialtyRemoved, AuditOutcome.Allowed, Record: $"specialty {id} {specialty.Slug}"), ct);
            await transaction.CommitAsync(ct);
            return (UseCaseProblem?)null;
        });
        if (problem is not null) return problem;
        await directory.CommittedAsync(ct);
        return new Outcome<int>(id, null);
    }
}
