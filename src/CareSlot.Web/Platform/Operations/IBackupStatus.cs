using NodaTime;

namespace CareSlot.Web.Platform.Operations;

/// <summary>
/// What the backups know of themselves, for `compliance-report`. Until the backup verbs exist (issue 21) the registered
/// one says none are configured; the backup feature replaces it with its own.
/// </summary>
public interface IBackupStatus
{
    /// <summary>Whether backups are set up at all on this deployment.</summary>
    bool Configured { get; }

    /// <summary>When the last backup that completed and verified was taken; null when there is none.</summary>
    Task<Instant?> LastGoodBackupAsync(CancellationToken ct);
}

/// <summary>The stand-in until backups exist: none configured.</summary>
public sealed class NoBackups : IBackupStatus
{
    public bool Configured => false;

    public Task<Instant?> LastGoodBackupAsync(CancellationToken ct) => Task.FromResult<Instant?>(null);
}
