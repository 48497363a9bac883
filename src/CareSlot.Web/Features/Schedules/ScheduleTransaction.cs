using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Schedules;

/// <summary>
/// The write path of every schedule change: its checks, its rows, the directory's stale mark and the eviction of the
/// doctor's cached schedule commit together, one change per doctor at a time (docs/architecture.md, "Scheduling and
/// booking").
/// </summary>
public sealed class ScheduleTransaction(CareSlotDb db, DoctorCacheEvictions evictions)
{
    public async Task<Outcome<T>> RunAsync<T>(int doctorId, Func<Task<Outcome<T>>> work, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Doctors" WHERE "Id" = {doctorId} FOR UPDATE""", ct);
            }
            var outcome = await work();
            if (outcome.Problem is not null)
            {
                db.ChangeTracker.Clear();
                return outcome;
            }
            await RefreshAvailability.MarkStaleAsync(db, doctorId, ct);
            evictions.EvictSchedule(doctorId);
            await transaction.CommitAsync(ct);
            return outcome;
        });
    }
}
