using CareSlot.Web.Platform.Observability;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.DoctorTime;

/// <summary>
/// Recomputes the directory's next-free-slot rows that are missing, marked stale, too old, or already passed,
/// and with each one the doctor's <see cref="DoctorFreeDay"/> rows, from the same free slots.
/// </summary>
public sealed class RefreshAvailability(CareSlotDb db, IClock clock, DoctorTimeReader doctorTime)
{
    /// <summary>How far ahead a next slot is looked for; a doctor with nothing free sooner sorts last.</summary>
    public static readonly Duration LookAhead = Duration.FromDays(28);

    /// <summary>Even an untouched row is recomputed this often, since time passing changes what is free.</summary>
    public static readonly Duration MaxAge = Duration.FromMinutes(30);

    public async Task<int> RefreshStaleAsync(int batchSize, CancellationToken ct)
    {
        var recomputed = await RecomputeStaleAsync(batchSize, ct);
        await SaveAsync(recomputed, ct);
        return recomputed.Count;
    }

    /// <summary>
    /// Works out the stale rows' values without writing them; <see cref="SaveAsync"/> writes those still current.
    /// Missing rows are first added as stale, so that a booking made while their first values are worked out marks
    /// them like any other.
    /// </summary>
    internal async Task<IReadOnlyList<RecomputedAvailability>> RecomputeStaleAsync(int batchSize, CancellationToken ct)
    {
        var missing = await db.Doctors.Where(d => d.IsListed && !db.DoctorAvailability.Any(a => a.DoctorId == d.Id))
            .OrderBy(d => d.Id).Select(d => d.Id).Take(batchSize).ToListAsync(ct);
        if (missing.Count > 0)
        {
            db.DoctorAvailability.AddRange(missing.Select(doctorId => new DoctorAvailability(doctorId)));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        var now = clock.GetCurrentInstant();
        var tooOld = now - MaxAge;
        // Each version is read before the free slots it will be written with.
        var stale = await db.DoctorAvailability.AsNoTracking()
            .Where(a => a.RefreshedAt == null || a.RefreshedAt < tooOld || a.NextSlot <= now)
            .OrderBy(a => a.RefreshedAt).Take(batchSize).Select(a => new { a.DoctorId, a.Version }).ToListAsync(ct);

        var recomputed = new List<RecomputedAvailability>(stale.Count);
        foreach (var row in stale.OrderBy(r => r.DoctorId))
        {
            var (inPerson, video) = await FreeSlotsAsync(row.DoctorId, now, ct);
            recomputed.Add(new RecomputedAvailability(row.DoctorId, row.Version, now,
                inPerson is [var p, ..] ? p.Start : null, video is [var v, ..] ? v.Start : null, [.. FreeDays(row.DoctorId, inPerson, video)]));
        }
        return recomputed;
    }

    /// <summary>
    /// Marks a doctor's row stale; called in the same transaction as whatever took or freed their time. The row is
    /// written even when already stale: the new version is what tells a refresh under way that its values are old.
    /// </summary>
    public static Task MarkStaleAsync(CareSlotDb db, int doctorId, CancellationToken ct) =>
        db.DoctorAvailability.Where(a => a.DoctorId == doctorId)
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.RefreshedAt, (Instant?)null).SetProperty(x => x.Version, x => x.Version + 1), ct);

    /// <summary>
    /// The next-slot rows still at the version their values were worked out from, and the free days replacing those
    /// doctors' old ones, in one transaction, so a search never sees one without the other. A row marked since stays
    /// stale, with its old free days, for the next pass.
    /// </summary>
    internal async Task SaveAsync(IReadOnlyList<RecomputedAvailability> recomputed, CancellationToken ct)
    {
        if (recomputed.Count == 0) return;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (db.Database.IsNpgsql())
            {
                // A schedule change locks the doctor's row and then marks this row stale; inserting free days checks
                // their foreign key against the doctor's row. Taking the doctors first, in id order, makes the two
                // wait for each other instead of deadlocking.
                int[] doctorIds = [.. recomputed.Select(r => r.DoctorId)];
                await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Doctors" WHERE "Id" = ANY({doctorIds}) ORDER BY "Id" FOR KEY SHARE""", ct);
            }
            // Updating the next-slot rows first locks them, so another instance refreshing the same doctors waits
            // here and then finds the version it read gone, or deletes these free days instead of inserting beside them.
            var current = new List<RecomputedAvailability>(recomputed.Count);
            foreach (var row in recomputed)
            {
                var next = DoctorAvailability.Earliest(row.NextInPerson, row.NextVideo);
                var written = await db.DoctorAvailability.Where(a => a.DoctorId == row.DoctorId && a.Version == row.Version)
                    .ExecuteUpdateAsync(a => a
                        .SetProperty(x => x.NextInPersonSlot, row.NextInPerson)
                        .SetProperty(x => x.NextVideoSlot, row.NextVideo)
                        .SetProperty(x => x.NextSlot, next)
                        .SetProperty(x => x.RefreshedAt, row.ComputedAt), ct);
                if (written == 1) current.Add(row);
            }
            var currentIds = current.Select(r => r.DoctorId).ToList();
            await db.DoctorFreeDays.Where(f => currentIds.Contains(f.DoctorId)).ExecuteDeleteAsync(ct);
            db.DoctorFreeDays.AddRange(current.SelectMany(r => r.FreeDays));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
        });
    }

    /// <summary>The doctor's free slots over the look-ahead, earliest first, by visit mode.</summary>
    private async Task<(IReadOnlyList<ClinicSlot> InPerson, IReadOnlyList<ClinicSlot> Video)> FreeSlotsAsync(int doctorId, Instant now, CancellationToken ct)
    {
        var types = await db.AppointmentTypes.AsNoTracking().Where(t => t.DoctorId == doctorId && t.IsOffered).ToListAsync(ct);
        if (types.Count == 0) return ([], []);
        var calendar = await doctorTime.CalendarAsync(doctorId, now, now + LookAhead, now, viewer: null, ignoring: null, ct);
        IReadOnlyList<ClinicSlot> Free(VisitMode mode) =>
            [.. types.Where(t => t.Mode == mode).SelectMany(t => calendar.FreeSlots(t, now, now, now + LookAhead)).OrderBy(s => s.Start)];
        return (Free(VisitMode.InPerson), Free(VisitMode.Video));
    }

    /// <summary>One row per date with anything free, the date taken in the zone of the clinic that offers the slot.</summary>
    private static IEnumerable<DoctorFreeDay> FreeDays(int doctorId, IReadOnlyList<ClinicSlot> inPerson, IReadOnlyList<ClinicSlot> video)
    {
        static Dictionary<LocalDate, Instant> FirstByDate(IEnumerable<ClinicSlot> slots) =>
            slots.GroupBy(s => s.Start.InZone(s.Zone).Date).ToDictionary(day => day.Key, day => day.Min(s => s.Start));
        var firstInPerson = FirstByDate(inPerson);
        var firstVideo = FirstByDate(video);
        return firstInPerson.Keys.Union(firstVideo.Keys).Select(date => new DoctorFreeDay(doctorId, date,
            firstInPerson.TryGetValue(date, out var p) ? p : null, firstVideo.TryGetValue(date, out var v) ? v : null));
    }
}

/// <summary>One doctor's next free slots and free days as worked out at <see cref="ComputedAt"/> from the row's <see cref="Version"/>.</summary>
internal sealed record RecomputedAvailability(int DoctorId, int Version, Instant ComputedAt, Instant? NextInPerson, Instant? NextVideo,
    IReadOnlyList<DoctorFreeDay> FreeDays);

/// <summary>Keeps the directory's availability fresh in the background; several instances may run it, the work is idempotent.</summary>
public sealed class AvailabilityRefresher(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration,
    TechnicalProblemLog problems, ILogger<AvailabilityRefresher> logger) : PeriodicWork(time, problems, logger)
{
    public const string IntervalSetting = "Directory:AvailabilityRefreshSeconds";
    private const int BatchSize = 200;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(configuration.GetValue(IntervalSetting, 15));

    /// <summary>At once: a directory just started shows no free times until its first run.</summary>
    protected override TimeSpan FirstRun => TimeSpan.Zero;

    protected override async Task RunAsync(CancellationToken ct)
    {
        int refreshed;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            refreshed = await scope.ServiceProvider.GetRequiredService<RefreshAvailability>().RefreshStaleAsync(BatchSize, ct);
        }
        while (refreshed == BatchSize && !ct.IsCancellationRequested);
    }
}
