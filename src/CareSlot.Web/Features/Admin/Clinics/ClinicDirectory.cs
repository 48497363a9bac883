using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Admin.Clinics;

/// <summary>
/// What the directory keeps about a clinic besides its row, brought up to date by every clinic change: the folded search
/// keys of its doctors (name, city and postcode are in them), the cached schedules and next-free-slot rows of every
/// doctor with hours there (a retired clinic's hours offer nothing; a new zone moves them), and the cached search answers.
/// On PostgreSQL the migrations' triggers tell the other instances (zone and retirement changes, DoctorClinics rows).
/// </summary>
public sealed class ClinicDirectory(CareSlotDb db, DoctorCacheEvictions evictions, IOutputCacheStore outputCache)
{
    /// <summary>Inside the change's transaction, after its save.</summary>
    public async Task ChangedAsync(int clinicId, CancellationToken ct)
    {
        var doctors = await db.Doctors.Include(d => d.Clinics).Include(d => d.Specialties)
            .Where(d => d.Clinics.Any(c => c.Id == clinicId)).AsSplitQuery().ToListAsync(ct);
        foreach (var doctor in doctors) doctor.RefreshSearchKey();
        await db.SaveChangesAsync(ct);

        var withHours = await db.WeeklyHours.Where(h => h.ClinicId == clinicId).Select(h => h.DoctorId)
            .Union(db.ExtraHours.Where(h => h.ClinicId == clinicId).Select(h => h.DoctorId))
            .ToListAsync(ct);
        foreach (var doctorId in withHours)
        {
            await RefreshAvailability.MarkStaleAsync(db, doctorId, ct);
            evictions.EvictSchedule(doctorId);
        }
    }

    /// <summary>After the commit: search answers cached on this instance are dropped (others' lapse within seconds).</summary>
    public ValueTask CommittedAsync(CancellationToken ct) => DirectoryCache.EvictAsync(outputCache, ct);
}
