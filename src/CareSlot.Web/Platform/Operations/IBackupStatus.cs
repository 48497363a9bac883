using NodaTime;

namespace CareSlot.Web.Platform.Operations;

/// <summary>
/// The newest good backup against the schedule, read once: the one rule for "overdue" that readiness (check
/// <c>backups</c>), /admin/backups, the admin dashboard's tile and <c>compliance-report</c> all give.
/// </summary>
/// <param name="Scheduled">Whether the app backs up by itself (<c>Backup:Schedule</c>).</param>
/// <param name="LastGoodAt">When the newest good backup finished; null when there is none.</param>
/// <param name="LastGoodSize">Its size in bytes.</param>
/// <param name="AllowedAge">How old it may be: the schedule's longest gap and an hour for the run.</param>
/// <param name="Now">The moment it was read at.</param>
public sealed record BackupFreshness(bool Scheduled, Instant? LastGoodAt, long? LastGoodSize, Duration AllowedAge, Instant Now)
{
    public Duration? Age => LastGoodAt is { } at ? Now - at : null;

    /// <summary>
    /// Scheduled, and there is no good backup yet or the newest is older than the schedule allows. Without a schedule
    /// nothing was promised, so nothing is overdue (each reader says "off" in its own way). A failed run never counts.
    /// </summary>
    public bool IsOverdue => Scheduled && (Age is not { } age || age > AllowedAge);
}

/// <summary>What the backups know of themselves, for the features (Admin's pages, Retention's compliance report), which may not reach into them.</summary>
public interface IBackupStatus
{
    Task<BackupFreshness> FreshnessAsync(CancellationToken ct);
}
