using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Platform.Operations.Backups;

/// <summary>The backups as their run log and schedule see them, at the injected clock's now.</summary>
public sealed class BackupRunStatus(DatabaseBackups backups, IOptions<BackupOptions> options, IClock clock) : IBackupStatus
{
    /// <summary>Without a schedule a week, so a reader that shows an allowance has one; nothing is overdue then anyway.</summary>
    private static readonly Duration Unscheduled = Duration.FromDays(7);

    public async Task<BackupFreshness> FreshnessAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var settings = options.Value;
        var last = await backups.LastGoodAsync(ct);
        var allowed = settings.Scheduled ? Duration.FromTimeSpan(settings.AllowedAge(now.ToDateTimeOffset())) : Unscheduled;
        return new BackupFreshness(settings.Scheduled, last?.FinishedAt, last?.Size, allowed, now);
    }
}
