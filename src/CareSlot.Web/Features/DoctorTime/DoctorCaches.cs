using CareSlot.Scheduling;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Observability;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.DoctorTime;

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
        // Hours at a retired clinic offer nothing: it has left booking, though its rows stay for when it is reinstated.
        var open = db.Clinics.Where(c => c.RetiredAt == null).Select(c => c.Id);
        var weekly = await db.WeeklyHours.AsNoTracking().Where(h => h.DoctorId == doctorId && open.Contains(h.ClinicId)).ToListAsync(ct);
        var extra = await db.ExtraHours.AsNoTracking().Where(h => h.DoctorId == doctorId && open.Contains(h.ClinicId)).ToListAsync(ct);
        var timeOff = await db.TimeOff.AsNoTracking().Where(t => t.DoctorId == doctorId).ToListAsync(ct);
        var clinicIds = weekly.Select(h => h.ClinicId).Concat(extra.Select(h => h.ClinicId)).Distinct().ToList();
        var zones = await db.Clinics.AsNoTracking().Where(c => clinicIds.Contains(c.Id))
            .Select(c => new { c.Id, c.TimeZoneId }).ToDictionaryAsync(c => c.Id, c => DateTimeZoneProviders.Tzdb[c.TimeZoneId], ct);
        var types = await db.AppointmentTypes.AsNoTracking().Where(t => t.DoctorId == doctorId && t.IsOffered).ToListAsync(ct);
        return new DoctorSchedule(window, weekly, extra, timeOff, zones, types);
    }
}

/// <summary>
/// A doctor's booked and held time from now on, and whether the doctor is listed: what slot lookups read besides the
/// schedule. Holds keep their patient and expiry so that each reader leaves out its own and the lapsed ones.
/// </summary>
public sealed record BusyTime(bool IsListed, Instant CoversFrom, IReadOnlyList<BusyBlock> Blocks)
{
    /// <summary>How far back of the loading instant the blocks reach, more than any lookup's margin.</summary>
    private static readonly Duration Reach = Duration.FromDays(2);

    /// <summary>Null when there is no such doctor (not kept, so made-up ids do not fill the cache).</summary>
    public static async Task<BusyTime?> LoadAsync(CareSlotDb db, int doctorId, Instant now, CancellationToken ct)
    {
        var coversFrom = now - Reach;
        var doctor = await db.Doctors.AsNoTracking().Where(d => d.Id == doctorId)
            .Select(d => new
            {
                d.IsListed,
                Appointments = db.Appointments.Where(a => a.DoctorId == d.Id && AppointmentStatusRules.Active.Contains(a.Status) && a.BlockedUntil > coversFrom)
                    .Select(a => new { a.Start, a.BlockedUntil }).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        if (doctor is null) return null;
        var holds = await db.SlotHolds.AsNoTracking().Where(h => h.DoctorId == doctorId && h.ExpiresAt > now)
            .Select(h => new BusyBlock(h.Start, h.BlockedUntil, h.PatientId, h.ExpiresAt)).ToListAsync(ct);
        return new BusyTime(doctor.IsListed, coversFrom,
            [.. doctor.Appointments.Select(a => new BusyBlock(a.Start, a.BlockedUntil, null, null)).Concat(holds).OrderBy(b => b.Start)]);
    }

    /// <summary>The busy intervals over [from, to) as <paramref name="viewer"/> sees them at <paramref name="now"/>.</summary>
    public IReadOnlyList<Interval> Between(Instant from, Instant to, Instant now, Guid? viewer) =>
        [.. Blocks.Where(b => b.Start < to && b.BlockedUntil > from && (b.HeldBy is null || (b.HeldBy != viewer && b.HoldExpiresAt > now)))
            .Select(b => new Interval(b.Start, b.BlockedUntil))];
}

/// <summary>An active appointment, or a hold when <see cref="HeldBy"/> is set.</summary>
public sealed record BusyBlock(Instant Start, Instant BlockedUntil, Guid? HeldBy, Instant? HoldExpiresAt);

/// <summary>The two things a doctor cache entry depends on, each dropped by its own writes.</summary>
public enum DoctorCacheKind { Schedule, BusyTime }

/// <summary>
/// Each doctor's <see cref="DoctorSchedule"/> and <see cref="BusyTime"/> in memory, for slot lookups: they are read far
/// more often than they change. How writes evict them, here and on other instances: docs/architecture.md, "Scheduling
/// and booking"; why: ADR 0008. Nothing that decides whether time is free reads from here.
/// </summary>
public sealed class DoctorCaches(TimeProvider time, CareSlotMetrics metrics)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    public DoctorEntryCache<DoctorSchedule> Schedules { get; } = new(time, Lifetime, hit => metrics.DoctorTimeCacheLookup("schedule", hit));

    public DoctorEntryCache<BusyTime> BusyTimes { get; } = new(time, Lifetime, hit => metrics.DoctorTimeCacheLookup("busy-time", hit));

    public void Evict(DoctorCacheKind kind, int doctorId)
    {
        if (kind == DoctorCacheKind.Schedule) Schedules.Evict(doctorId);
        else BusyTimes.Evict(doctorId);
    }

    public void Clear()
    {
        Schedules.Clear();
        BusyTimes.Clear();
    }
}

/// <summary>
/// A doctor's schedule and busy time for this scope's reads: from <see cref="DoctorCaches"/> unless this scope changed
/// them itself (then from the database, which its own transaction sees).
/// </summary>
/// <remarks>
/// Always the primary's <see cref="CareSlotDb"/>, never <see cref="StandbyReads"/>, even for slot listings: an entry is
/// evicted when the primary commits a change, and one filled right after from a standby that has not replayed the change
/// yet would keep the old busy time for its whole <see cref="DoctorCaches.Lifetime"/>, on this instance and unnoticed.
/// </remarks>
public sealed class DoctorTimeReader(CareSlotDb db, DoctorCaches caches, DoctorCacheEvictions changedHere)
{
    public async Task<DoctorSchedule> ScheduleAsync(int doctorId, CancellationToken ct)
    {
        // One with no hours at all is not kept: it is cheap to read again, and made-up doctor ids must not fill the cache.
        DoctorSchedule? loaded = null;
        var kept = await caches.Schedules.GetAsync(doctorId, !changedHere.Contains(DoctorCacheKind.Schedule, doctorId), async c =>
        {
            loaded = await DoctorSchedule.LoadAsync(db, doctorId, c);
            return loaded.Zones.Count > 0 ? loaded : null;
        }, ct);
        return kept ?? loaded!;
    }

    /// <summary>A doctor's busy time from <paramref name="now"/> on; null when there is no such doctor.</summary>
    public Task<BusyTime?> BusyTimeAsync(int doctorId, Instant now, CancellationToken ct) =>
        caches.BusyTimes.GetAsync(doctorId, !changedHere.Contains(DoctorCacheKind.BusyTime, doctorId), c => BusyTime.LoadAsync(db, doctorId, now, c), ct);

    /// <summary>
    /// Availability and busy time for [from, to), the busy time read from the database (see
    /// <see cref="DoctorCalendar.LoadAsync"/>): what a change that takes time decides on.
    /// </summary>
    public async Task<DoctorCalendar> CalendarAsync(int doctorId, Instant from, Instant to, Instant now, Guid? viewer, Guid? ignoring,
        CancellationToken ct) =>
        await DoctorCalendar.LoadAsync(db, doctorId, await ScheduleAsync(doctorId, ct), from, to, now, viewer, ignoring, ct);
}

/// <summary>The doctors whose cached rows this scope changed, evicted once more when the scope ends (after its commit).</summary>
public sealed class DoctorCacheEvictions(DoctorCaches caches) : IDisposable
{
    private readonly HashSet<(DoctorCacheKind, int)> changed = [];

    /// <summary>For a change of the doctor's schedule: evicts now and again when the scope ends, after its commit.</summary>
    public void EvictSchedule(int doctorId) => Evict(DoctorCacheKind.Schedule, doctorId);

    /// <inheritdoc cref="EvictSchedule"/>
    public void EvictBusyTime(int doctorId) => Evict(DoctorCacheKind.BusyTime, doctorId);

    private void Evict(DoctorCacheKind kind, int doctorId)
    {
        lock (changed) changed.Add((kind, doctorId));
        caches.Evict(kind, doctorId);
    }

    public bool Contains(DoctorCacheKind kind, int doctorId)
    {
        lock (changed) return changed.Contains((kind, doctorId));
    }

    public void Dispose()
    {
        lock (changed)
        {
            foreach (var (kind, doctorId) in changed) caches.Evict(kind, doctorId);
            changed.Clear();
        }
    }
}
