using NodaTime;

namespace CareSlot.Web.Platform.Operations.Backups;

/// <summary>
/// `compliance-report`'s view of the backups: the newest complete backup (with its checksum file) in <c>Backup:Folder</c>,
/// dated by its own header (when it was taken), not by the file's time, which a copy changes.
/// </summary>
public sealed class FolderBackupStatus(DatabaseBackups backups) : IBackupStatus
{
    public bool Configured => true;

    public async Task<Instant?> LastGoodBackupAsync(CancellationToken ct)
    {
        foreach (var file in backups.List())
        {
            try
            {
                await using var stream = file.OpenRead();
                return Instant.FromDateTimeOffset((await BackupFile.ReadHeaderAsync(stream, ct)).CreatedAt);
            }
            catch (Exception exception) when (exception is BackupRefusedException or IOException or UnauthorizedAccessException)
            {
                // Not readable as a backup: the next older one may be.
            }
        }
        return null;
    }
}
