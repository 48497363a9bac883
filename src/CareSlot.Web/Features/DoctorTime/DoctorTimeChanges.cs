using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Doctors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CareSlot.Web.Features.DoctorTime;

/// <summary>
/// Evicts the cached <see cref="BusyTime"/> of every doctor whose appointments, holds or listing a save changes, so
/// that no use case that books, holds, moves, cancels or lists can forget to. Bulk deletes bypass it and evict
/// themselves.
/// </summary>
public sealed class DoctorTimeChanges(DoctorCacheEvictions evictions) : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Evict(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Evict(eventData.Context);
        return result;
    }

    private void Evict(DbContext? db)
    {
        if (db is null) return;
        // One pass (one DetectChanges) over whatever the save holds; a refresher's save tracks thousands of rows.
        var doctors = new HashSet<int>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            switch (entry.Entity)
            {
                case Appointment appointment: doctors.Add(appointment.DoctorId); break;
                case SlotHold hold: doctors.Add(hold.DoctorId); break;
                case Doctor doctor when entry.State == EntityState.Modified && entry.Property(nameof(Doctor.IsListed)).IsModified:
                    doctors.Add(doctor.Id);
                    break;
            }
        }
        foreach (var doctorId in doctors) evictions.EvictBusyTime(doctorId);
    }
}
