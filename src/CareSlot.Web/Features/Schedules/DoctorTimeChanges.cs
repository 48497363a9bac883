using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CareSlot.Web.Features.Schedules;

/// <summary>
/// Evicts the cached <see cref="BusyTime"/> of every doctor whose appointments, holds or listing a save changes, so
/// that no use case that books, holds, moves, cancels or lists can forget to. Bulk deletes bypass it and evict
/// themselves.
/// </summary>
public sealed class DoctorTimeChanges : SaveChangesInterceptor
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

    private static void Evict(DbContext? context)
    {
        if (context is not CareSlotDb db) return;
        var doctors = db.ChangeTracker.Entries<Appointment>().Where(Changed).Select(e => e.Entity.DoctorId)
            .Concat(db.ChangeTracker.Entries<SlotHold>().Where(Changed).Select(e => e.Entity.DoctorId))
            .Concat(db.ChangeTracker.Entries<Doctor>().Where(e => e.State == EntityState.Modified && e.Property(d => d.IsListed).IsModified)
                .Select(e => e.Entity.Id));
        foreach (var doctorId in doctors.Distinct()) DoctorCaches.EvictBusyTime(db, doctorId);
    }

    private static bool Changed(EntityEntry entry) => entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted;
}
