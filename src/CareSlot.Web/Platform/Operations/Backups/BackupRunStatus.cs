using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Platform.Operations.Backups;

/// <summary>The backups as their run log and schedule see them: the same answer the backups page and readiness give.</summary>
public sealed class BackupRunStatus(DatabaseBackups backups, IOptions<BackupOptions> options) : IBackupStatus
{
    public bool Scheduled => options.Value.Scheduled;

    public async Task<Instant?> LastGoodBackupAsync(CancellationToken ct) => (await backups.LastGoodAsync(ct))?.FinishedAt;

    public Duration AllowedAge(Instant now) =>
        Duration.FromTimeSpan(Scheduled ? options.Value.AllowedAge(now.ToDateTimeOffset()) : TimeSpan.FromDays(7));
}
