namespace CareSlot.Web.Platform.Operations.Backups;

/// <summary>The stages of a backup or restore, each counted in what it can count honestly.</summary>
public enum BackupStage
{
    /// <summary>SQLite's online backup API copying the database: pages copied of the database's pages.</summary>
    SnapshotPages,

    /// <summary>The snapshot sealed into the backup: bytes of the snapshot file.</summary>
    SealingBytes,

    /// <summary>pg_dump: tables whose contents it has written of the database's tables (it tells no byte total in advance).</summary>
    DumpingTables,

    /// <summary>A restore: bytes of the backup file opened and handed to the engine.</summary>
    RestoringBytes,

    /// <summary>After the last byte: pg_restore builds indexes and constraints, SQLite checks integrity. No count to give.</summary>
    Finishing,
}

/// <param name="Detail">What it is on: a table's name, the megabytes written so far. Never data.</param>
public sealed record BackupProgress(BackupStage Stage, long Done, long Total, TimeSpan Elapsed, string Detail = "");
