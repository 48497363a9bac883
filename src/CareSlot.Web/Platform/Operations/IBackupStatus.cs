using NodaTime;

namespace CareSlot.Web.Platform.Operations;

/// <summary>What the backups know of themselves, for `compliance-report` (Features/Retention), which may not reach into them.</summary>
public interface IBackupStatus
{
    /// <summary>Whether the app backs up by itself (<c>Backup:Schedule</c>).</summary>
    bool Scheduled { get; }

    /// <summary>When the newest good backup finished; null when there is none.</summary>
    Task<Instant?> LastGoodBackupAsync(CancellationToken ct);

    /// <summary>How old the newest good backup may be before it counts as missed: the schedule's longest gap and an hour.</summary>
    Duration AllowedAge(Instant now);
}
