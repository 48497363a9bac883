using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin.Clinics;

/// <summary>Opens a retired clinic again: it, its doctors and their hours there are back in the directory and booking.</summary>
public sealed class ReinstateClinic(CareSlotDb db, AuditTrail audit, ClinicDirectory directory, ClinicQueries queries, IStringLocalizer<AdminText> text)
{
    public async Task<Outcome<ClinicDetails>> HandleAsync(int id, CancellationToken ct)
    {
        var clinic = await db.Clinics.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (clinic is null) return SaveClinic.NotFound(text);
        clinic.Reinstate();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await directory.ChangedAsync(id, ct);
            await audit.RecordAsync(new AuditEvent(AuditActions.ClinicReinstated, AuditOutcome.Allowed, Record: $"clinic {id}"), ct);
            await transaction.CommitAsync(ct);
        });
        await directory.CommittedAsync(ct);
        return new Outcome<ClinicDetails>((await queries.FindAsync(id, ct))!, null);
    }
}
