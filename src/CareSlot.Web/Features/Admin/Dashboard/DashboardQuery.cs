using System.Diagnostics;
using System.Linq.Expressions;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Disputes;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Observability;
using CareSlot.Web.Platform.Operations;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Features.Admin.Dashboard;

/// <summary>
/// The dashboard's figures: each daily series is one query that counts per day in SQL (a CASE over the 31 instants where
/// the zone's days begin, so a 23- or 25-hour day is counted whole), with a range on the instant; utilisation is one
/// grouped count of the window's visits and the schedules of every doctor, turned into open minutes in memory. The
/// figures are kept for <see cref="CacheFor"/>, so a wall of open dashboards costs one reading per half minute.
/// </summary>
public sealed class DashboardQuery(CareSlotDb db, IClock clock, DashboardCache cache, RequestWindow requests, OutboxLag outbox,
    OpenDisputeCounts disputes, IBackupStatus backups)
{
    public const int Days = 30;
    public const int TopDoctorCount = 10;
    public static readonly Duration CacheFor = Duration.FromSeconds(30);

    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;

    public async Task<DashboardFigures> ReadAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        if (cache.Fresh(now, CacheFor) is { } kept) return kept;
        var figures = await ComputeAsync(now, ct);
        cache.Keep(figures, now);
        return figures;
    }

    private async Task<DashboardFigures> ComputeAsync(Instant now, CancellationToken ct)
    {
        var clinics = await db.Clinics.AsNoTracking().Select(c => new { c.Id, c.Name, c.TimeZoneId, c.RetiredAt }).ToListAsync(ct);
        var (zone, shared) = ReportingZone(clinics.Where(c => c.RetiredAt == null).Select(c => c.TimeZoneId).ToList());
        var today = now.InZone(zone).Date;
        var first = today.PlusDays(-(Days - 1));
        var bounds = Enumerable.Range(0, Days + 1).Select(i => zone.AtStartOfDay(first.PlusDays(i)).ToInstant()).ToArray();

        var booked = await PerDayAsync(db.Appointments, a => a.CreatedAt, bounds, ct);
        var cancelled = await PerDayAsync(db.AppointmentHistory.Where(h => h.ToStatus == AppointmentStatus.Cancelled), h => h.At, bounds, ct);
        var rescheduled = await PerDayAsync(db.AppointmentHistory.Where(h => h.FromStart != null), h => h.At, bounds, ct);
        var noShows = await PerDayAsync(db.Appointments.Where(a => a.Status == AppointmentStatus.NoShow), a => a.Start, bounds, ct);
        var sent = await PerDayAsync(db.OutboxMessages.Where(m => m.State == OutboxState.Sent), m => m.SentAt!.Value, bounds, ct);
        // A message that failed for good keeps the due time of its last attempt.
        var failed = await PerDayAsync(db.OutboxMessages.Where(m => m.State == OutboxState.Failed), m => m.DueAt, bounds, ct);
        var days = Enumerable.Range(0, Days).Select(i => new DailyActivity(DatePattern.Format(first.PlusDays(i)), booked[i], cancelled[i],
            rescheduled[i], noShows[i], sent[i], failed[i])).ToList();

        var inProgress = await disputes.GetAsync(ct);
        var utilisation = await UtilisationAsync(bounds[0], bounds[^1], clinics.ToDictionary(c => c.Id, c => (c.Name, c.TimeZoneId)), ct);
        return new DashboardFigures(zone.Id, shared, DatePattern.Format(first), DatePattern.Format(today), days,
            utilisation.ByClinic, utilisation.TopDoctors, utilisation.BySpecialty, inProgress.Total, inProgress.Overdue,
            await BackupsAsync(ct), await HealthAsync(ct),
            IsoTime.Format(now, DateTimeZone.Utc));
    }

    /// <summary>The clinics' one zone; where they differ, the zone most of them are in (ties: by name), said on the page.</summary>
    private static (DateTimeZone Zone, bool Shared) ReportingZone(List<string> zones)
    {
        if (zones.Count == 0) return (DateTimeZone.Utc, true);
        var most = zones.GroupBy(z => z).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        return (DateTimeZoneProviders.Tzdb.GetZoneOrNull(most) ?? DateTimeZone.Utc, zones.Distinct().Count() == 1);
    }

    /// <summary>How many rows fall on each day, counted by the database: rows are grouped by the index of their day.</summary>
    private static async Task<int[]> PerDayAsync<T>(IQueryable<T> rows, Expression<Func<T, Instant>> at, Instant[] bounds, CancellationToken ct) where T : class
    {
        var row = at.Parameters[0];
        // Each bound a captured value, so EF Core sends it as a parameter with the column's conversion (text on SQLite).
        Expression Bound(int i) => Expression.ArrayIndex(Expression.Constant(bounds), Expression.Constant(i));
        Expression day = Expression.Constant(bounds.Length - 2);
        for (var i = bounds.Length - 2; i >= 1; i--)
        {
            day = Expression.Condition(Expression.LessThan(at.Body, Bound(i)), Expression.Constant(i - 1), day);
        }
        var inRange = Expression.Lambda<Func<T, bool>>(
            Expression.AndAlso(Expression.GreaterThanOrEqual(at.Body, Bound(0)), Expression.LessThan(at.Body, Bound(bounds.Length - 1))), row);
        var dayOf = Expression.Lambda<Func<T, int>>(day, row);
        var counts = await rows.AsNoTracking().Where(inRange).GroupBy(dayOf).Select(g => new { Day = g.Key, Count = g.Count() }).ToListAsync(ct);
        var result = new int[bounds.Length - 1];
        foreach (var count in counts) result[count.Day] = count.Count;
        return result;
    }

    private sealed record UtilisationRows(IReadOnlyList<Utilisation> ByClinic, IReadOnlyList<Utilisation> TopDoctors, IReadOnlyList<Utilisation> BySpecialty);

    private async Task<UtilisationRows> UtilisationAsync(Instant from, Instant to, Dictionary<int, (string Name, string TimeZoneId)> clinics,
        CancellationToken ct)
    {
        // Booked: every visit in the window that was not cancelled (a no-show took the time too), at its type's length.
        var visits = await db.Appointments.AsNoTracking()
            .Where(a => a.Start >= from && a.Start < to && a.Status != AppointmentStatus.Cancelled)
            .GroupBy(a => new { a.DoctorId, a.ClinicId, a.AppointmentTypeId })
            .Select(g => new { g.Key.DoctorId, g.Key.ClinicId, g.Key.AppointmentTypeId, Count = g.Count() })
            .ToListAsync(ct);
        var typeIds = visits.Select(v => v.AppointmentTypeId).Distinct().ToList();
        var lengths = await db.AppointmentTypes.AsNoTracking().Where(t => typeIds.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, t => (long)t.DurationMinutes, ct);
        var booked = visits.GroupBy(v => (v.DoctorId, v.ClinicId))
            .ToDictionary(g => g.Key, g => g.Sum(v => v.Count * lengths.GetValueOrDefault(v.AppointmentTypeId)));

        var offered = await OfferedMinutesAsync(from, to, clinics, ct);
        var doctorIds = booked.Keys.Select(k => k.DoctorId).Concat(offered.Keys.Select(k => k.DoctorId)).Distinct().ToList();
        var doctors = await db.Doctors.AsNoTracking().Where(d => doctorIds.Contains(d.Id))
            .Select(d => new { d.Id, Name = d.Title + " " + d.GivenName + " " + d.FamilyName, Specialties = d.Specialties.Select(s => new { s.Id, s.Name }).ToList() })
            .ToListAsync(ct);

        var cells = booked.Keys.Union(offered.Keys)
            .Select(k => (k.DoctorId, k.ClinicId, Booked: booked.GetValueOrDefault(k), Offered: offered.GetValueOrDefault(k)))
            .ToList();
        var byClinic = cells.GroupBy(c => c.ClinicId)
            .Select(g => Row(g.Key, clinics.TryGetValue(g.Key, out var clinic) ? clinic.Name : $"#{g.Key}", g.Sum(c => c.Booked), g.Sum(c => c.Offered)))
            .OrderBy(r => r.Name, StringComparer.CurrentCulture).ToList();
        var doctorRows = doctors.Select(d => Row(d.Id, d.Name.Trim(), cells.Where(c => c.DoctorId == d.Id).Sum(c => c.Booked),
            cells.Where(c => c.DoctorId == d.Id).Sum(c => c.Offered))).ToList();
        var topDoctors = doctorRows.OrderByDescending(r => r.Ratio).ThenByDescending(r => r.BookedMinutes).ThenBy(r => r.Id).Take(TopDoctorCount).ToList();
        // A doctor of two specialties counts in both.
        var bySpecialty = doctors.SelectMany(d => d.Specialties.Select(s => (s.Id, s.Name, Doctor: doctorRows.Single(r => r.Id == d.Id))))
            .GroupBy(s => (s.Id, s.Name))
            .Select(g => Row(g.Key.Id, g.Key.Name, g.Sum(s => s.Doctor.BookedMinutes), g.Sum(s => s.Doctor.OfferedMinutes)))
            .OrderBy(r => r.Name, StringComparer.CurrentCulture).ToList();
        return new UtilisationRows(byClinic, topDoctors, bySpecialty);
    }

    private static Utilisation Row(int id, string name, long booked, long offered) =>
        new(id, name, booked, offered, offered == 0 ? 0 : Math.Round((double)booked / offered, 4));

    /// <summary>Each doctor's open minutes at each clinic within [from, to): the slot finder's own open hours, clipped.</summary>
    private async Task<Dictionary<(int DoctorId, int ClinicId), long>> OfferedMinutesAsync(Instant from, Instant to,
        Dictionary<int, (string Name, string TimeZoneId)> clinics, CancellationToken ct)
    {
        // A day either side: a clinic's local dates differ from the reporting zone's by up to a day.
        var firstDate = from.InUtc().Date.PlusDays(-1);
        var lastDate = to.InUtc().Date.PlusDays(1);
        var firstLocal = firstDate.AtMidnight();
        var lastLocal = lastDate.PlusDays(1).AtMidnight();
        var weekly = await db.WeeklyHours.AsNoTracking().ToListAsync(ct);
        var extra = await db.ExtraHours.AsNoTracking().Where(h => h.Date >= firstDate && h.Date <= lastDate).ToListAsync(ct);
        var timeOff = (await db.TimeOff.AsNoTracking().Where(t => t.End > firstLocal && t.Start < lastLocal).ToListAsync(ct))
            .ToLookup(t => t.DoctorId);

        var result = new Dictionary<(int, int), long>();
        var places = weekly.Select(h => (h.DoctorId, h.ClinicId)).Concat(extra.Select(h => (h.DoctorId, h.ClinicId))).Distinct();
        foreach (var (doctorId, clinicId) in places)
        {
            if (!clinics.TryGetValue(clinicId, out var clinic) || DateTimeZoneProviders.Tzdb.GetZoneOrNull(clinic.TimeZoneId) is not { } zone) continue;
            var availability = new Availability(zone,
                [.. weekly.Where(h => h.DoctorId == doctorId && h.ClinicId == clinicId && h.Kind == WeeklyHoursKind.Working).Select(h => new WeeklyInterval(h.Day, h.Start, h.End))],
                [.. weekly.Where(h => h.DoctorId == doctorId && h.ClinicId == clinicId && h.Kind == WeeklyHoursKind.Break).Select(h => new WeeklyInterval(h.Day, h.Start, h.End))],
                [.. extra.Where(h => h.DoctorId == doctorId && h.ClinicId == clinicId).Select(h => new DatedInterval(h.Date, h.Start, h.End))],
                [.. timeOff[doctorId].Select(t => new LocalPeriod(t.Start, t.End))]);
            var minutes = SlotFinder.OpenIntervals(availability, firstDate, lastDate)
                .Select(i => (Start: Instant.Max(i.Start, from), End: Instant.Min(i.End, to)))
                .Where(i => i.End > i.Start)
                .Sum(i => (long)(i.End - i.Start).TotalMinutes);
            if (minutes > 0) result[(doctorId, clinicId)] = minutes;
        }
        return result;
    }

    private async Task<BackupTile> BackupsAsync(CancellationToken ct)
    {
        var freshness = await backups.FreshnessAsync(ct);
        return new BackupTile(freshness.Scheduled, freshness.LastGoodAt is { } at ? IsoTime.Format(at, DateTimeZone.Utc) : null,
            freshness.Age is { } age ? Math.Round(age.TotalHours, 1) : null, freshness.LastGoodSize, Math.Round(freshness.AllowedAge.TotalHours, 1),
            freshness.IsOverdue);
    }

    private async Task<SystemHealth> HealthAsync(CancellationToken ct)
    {
        bool reachable;
        double? milliseconds = null;
        var started = Stopwatch.GetTimestamp();
        try
        {
            // A round trip, not just a connection from the pool.
            await db.Database.SqlQueryRaw<int>("SELECT 1 AS \"Value\"").ToListAsync(ct);
            reachable = true;
            milliseconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
        }
        catch (Exception failure) when (failure is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            reachable = false;
        }
        var backlog = reachable ? await outbox.ReadAsync(ct) : outbox.Current();
        return new SystemHealth(requests.Read(), reachable, milliseconds, backlog?.Backlog ?? 0, Math.Round(backlog?.OldestAgeSeconds ?? 0, 1));
    }
}

/// <summary>The last figures and when they were read, shared by every request of this instance.</summary>
public sealed class DashboardCache
{
    private (DashboardFigures Figures, Instant ReadAt)? last;

    public DashboardFigures? Fresh(Instant now, Duration maxAge) =>
        last is { } kept && now - kept.ReadAt < maxAge && now >= kept.ReadAt ? kept.Figures : null;

    public void Keep(DashboardFigures figures, Instant readAt) => last = (figures, readAt);
}
