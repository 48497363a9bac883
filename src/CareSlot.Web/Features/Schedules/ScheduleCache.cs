using System.Collections.Concurrent;
using CareSlot.Scheduling;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Caching.Memory;
using NodaTime;

namespace CareSlot.Web.Features.Schedules;

/// <summary>
/// Everything about a doctor's time that only the doctor's own schedule edits change: booking rules, weekly
/// hours, extra hours, time off, the zones of the clinics involved and the offered types. Rows are kept whole
/// (not cut to a window) so that every caller can filter them exactly as a query would.
/// </summary>
public sealed record DoctorSchedule(
    BookingWindow Window,
    IReadOnlyList<WeeklyHours> Weekly,
    IReadOnlyList<ExtraHours> Extra,
    IReadOnlyList<TimeOff> TimeOff,
    IReadOnlyDictionary<int, DateTimeZone> Zones,
    IReadOnlyList<AppointmentType> OfferedTypes)
{
    public static async Task<DoctorSchedule> LoadAsync(CareSlotDb db, int doctorId, CancellationToken ct)
    {
        var rules = await db.BookingRules.AsNoTracking().FirstOrDefaultAsync(r => r.DoctorId == doctorId, ct);
        var window = new BookingWindow(
            Duration.FromMinutes(rules?.MinimumNoticeMinutes ?? BookingRules.DefaultMinimumNoticeMinutes),
            rules?.HorizonDays ?? BookingRules.DefaultHorizonDays);
        var weekly = await db.WeeklyHours.AsNoTracking().Where(h => h.DoctorId == doctorId).ToListAsync(ct);
        var extra = await db.ExtraHours.AsNoTracking().Where(h => h.DoctorId == doctorId).ToListAsync(ct);
        var timeOff = await db.TimeOff.AsNoTracking().Where(t => t.DoctorId == doctorId).ToListAsync(ct);
        var clinicIds = weekly.Select(h => h.ClinicId).Concat(extra.Select(h => h.ClinicId)).Distinct().ToList();
        var zones = await db.Clinics.AsNoTracking().Where(c => clinicIds.Contains(c.Id))
            .Select(c => new { c.Id, c.TimeZoneId }).ToDictionaryAsync(c => c.Id, c => DateTimeZoneProviders.Tzdb[c.TimeZoneId], ct);
        var types = await db.AppointmentTypes.AsNoTracking().Where(t => t.DoctorId == doctorId && t.IsOffered).ToListAsync(ct);
        return new DoctorSchedule(window, weekly, extra, timeOff, zones, types);
    }
}

/// <summary>
/// Keeps each doctor's <see cref="DoctorSchedule"/> in memory, since every slot lookup and booking needs it and it
/// changes rarely. The schedule edits evict it on this instance (<see cref="Evict"/>); other instances see a change
/// once <see cref="Lifetime"/> has passed.
/// </summary>
public sealed class ScheduleCache(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    // Bumped by every eviction, so a load that overlapped an edit does not put what it read back in the cache.
    private readonly ConcurrentDictionary<int, long> generations = new();

    /// <param name="mayStore">False for a unit of work that changed this doctor's schedule: it would see its own uncommitted rows.</param>
    public async Task<DoctorSchedule> GetAsync(CareSlotDb db, int doctorId, bool mayStore, CancellationToken ct)
    {
        if (mayStore && cache.TryGetValue(Key(doctorId), out DoctorSchedule? cached) && cached is not null) return cached;
        var generation = generations.GetValueOrDefault(doctorId);
        var schedule = await DoctorSchedule.LoadAsync(db, doctorId, ct);
        if (mayStore && generations.GetValueOrDefault(doctorId) == generation) cache.Set(Key(doctorId), schedule, Lifetime);
        return schedule;
    }

    public void Evict(int doctorId)
    {
        generations.AddOrUpdate(doctorId, 1, (_, g) => g + 1);
        cache.Remove(Key(doctorId));
    }

    /// <summary>
    /// Evicts now and again when <paramref name="db"/>'s scope ends, after its transaction has committed: a lookup that
    /// read the old rows between the two would otherwise cache them.
    /// </summary>
    public static void Evict(CareSlotDb db, int doctorId)
    {
        if (ApplicationServices(db)?.GetService<ScheduleEvictions>() is { } evictions) evictions.Evict(doctorId);
    }

    /// <summary>A doctor's schedule, from the cache of the app that made <paramref name="db"/>; a context made by hand reads it.</summary>
    public static Task<DoctorSchedule> ForAsync(CareSlotDb db, int doctorId, CancellationToken ct)
    {
        var services = ApplicationServices(db);
        if (services?.GetService<ScheduleCache>() is not { } cache) return DoctorSchedule.LoadAsync(db, doctorId, ct);
        var changedHere = services.GetService<ScheduleEvictions>()?.Contains(doctorId) == true;
        return cache.GetAsync(db, doctorId, mayStore: !changedHere, ct);
    }

    private static IServiceProvider? ApplicationServices(CareSlotDb db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;

    private static string Key(int doctorId) => $"schedule:{doctorId}";
}

/// <summary>The doctors whose schedule this scope changed, evicted once more when the scope ends.</summary>
public sealed class ScheduleEvictions(ScheduleCache cache) : IDisposable
{
    private readonly HashSet<int> doctors = [];

    public void Evict(int doctorId)
    {
        lock (doctors) doctors.Add(doctorId);
        cache.Evict(doctorId);
    }

    public bool Contains(int doctorId)
    {
        lock (doctors) return doctors.Contains(doctorId);
    }

    public void Dispose()
    {
        lock (doctors)
        {
            foreach (var doctorId in doctors) cache.Evict(doctorId);
            doctors.Clear();
        }
    }
}
