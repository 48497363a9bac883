using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Schedules;

/// <summary>Recomputes the directory's next-free-slot rows that are missing, marked stale, too old, or already passed.</summary>
public sealed class RefreshAvailability(CareSlotDb db, IClock clock)
{
    /// <summary>How far ahead a next slot is looked for; a doctor with nothing free sooner sorts last.</summary>
    public static readonly Duration LookAhead = Duration.FromDays(28);

    /// <summary>Even an untouched row is recomputed this often, since time passing changes what is free.</summary>
    public static readonly Duration MaxAge = Duration.FromMinutes(30);

    public async Task<int> RefreshStaleAsync(int batchSize, CancellationToken ct)
    {
        var missing = await db.Doctors.Where(d => d.IsListed && !db.DoctorAvailability.Any(a => a.DoctorId == d.Id))
            .OrderBy(d => d.Id).Select(d => d.Id).Take(batchSize).ToListAsync(ct);
        foreach (var doctorId in missing) db.DoctorAvailability.Add(new DoctorAvailability(doctorId));

        var now = clock.GetCurrentInstant();
        var tooOld = now - MaxAge;
        var stale = await db.DoctorAvailability
            .Where(a => a.RefreshedAt == null || a.RefreshedAt < tooOld || a.NextSlot <= now)
            .OrderBy(a => a.RefreshedAt).Take(batchSize - missing.Count).ToListAsync(ct);

        foreach (var row in db.ChangeTracker.Entries<DoctorAvailability>().Select(e => e.Entity).ToList())
        {
            var (inPerson, video) = await NextSlotsAsync(row.DoctorId, now, ct);
            row.Update(inPerson, video, now);
        }
        await db.SaveChangesAsync(ct);
        return missing.Count + stale.Count;
    }

    /// <summary>Marks a doctor's row stale; called in the same transaction as whatever took or freed their time.</summary>
    public static Task MarkStaleAsync(CareSlotDb db, int doctorId, CancellationToken ct) =>
        db.DoctorAvailability.Where(a => a.DoctorId == doctorId).ExecuteUpdateAsync(a => a.SetProperty(x => x.RefreshedAt, (Instant?)null), ct);

    private async Task<(Instant? InPerson, Instant? Video)> NextSlotsAsync(int doctorId, Instant now, CancellationToken ct)
    {
        var types = await db.AppointmentTypes.AsNoTracking().Where(t => t.DoctorId == doctorId && t.IsOffered).ToListAsync(ct);
        if (types.Count == 0) return (null, null);
        var calendar = await DoctorCalendar.LoadAsync(db, doctorId, now, now + LookAhead, now, viewer: null, ignoring: null, ct);
        Instant? First(VisitMode mode) => types.Where(t => t.Mode == mode)
            .Select(t => calendar.FreeSlots(t, now, now, now + LookAhead).Select(s => (Instant?)s.Start).FirstOrDefault())
            .Where(start => start is not null).Min();
        return (First(VisitMode.InPerson), First(VisitMode.Video));
    }
}

/// <summary>Keeps the directory's availability fresh in the background; several instances may run it, the work is idempotent.</summary>
public sealed partial class AvailabilityRefresher(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration,
    ILogger<AvailabilityRefresher> logger) : BackgroundService
{
    public const string IntervalSetting = "Directory:AvailabilityRefreshSeconds";
    private const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue(IntervalSetting, 15);
        if (seconds <= 0) return; // tests refresh explicitly, on their own clock
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), time);
        do
        {
            try
            {
                int refreshed;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    refreshed = await scope.ServiceProvider.GetRequiredService<RefreshAvailability>().RefreshStaleAsync(BatchSize, stoppingToken);
                }
                while (refreshed == BatchSize && !stoppingToken.IsCancellationRequested);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRefreshFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the directory's availability failed; the next tick tries again")]
    private partial void LogRefreshFailed(Exception exception);
}

public static class AvailabilityExtensions
{
    public static IServiceCollection AddDirectoryAvailability(this IServiceCollection services) => services
        .AddScoped<RefreshAvailability>()
        .AddHostedService<AvailabilityRefresher>();
}
