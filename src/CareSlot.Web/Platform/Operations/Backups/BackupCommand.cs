using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Platform.Operations.Backups;

/// <summary>
/// <c>CareSlot.Web backup [--to FOLDER]</c> and <c>CareSlot.Web restore --from FILE</c>. Exit codes: 0 done, 1 failed or
/// refused (the reason printed), 2 usage.
/// </summary>
public static class BackupCommand
{
    public const string BackupVerb = "backup";
    public const string RestoreVerb = "restore";
    public const string FingerprintVerb = "fingerprint";

    /// <summary>Every table's rows and content hash, tab-separated, sorted by table: what a restore drill compares.</summary>
    public static async Task<int> FingerprintAsync(IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        await using var scope = services.CreateAsyncScope();
        foreach (var table in await DatabaseFingerprint.TakeAsync(scope.ServiceProvider.GetRequiredService<CareSlot.Web.Platform.Data.CareSlotDb>(), ct))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{table.Table}\t{table.Rows}\t{table.ContentHash}"));
        }
        return 0;
    }

    public static async Task<int> BackUpAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var to = Value(args, "--to");
        if (to is { Length: 0 })
        {
            await output.WriteLineAsync("Usage: backup [--to FOLDER]   (default: Backup:Folder)");
            return 2;
        }
        await using var scope = services.CreateAsyncScope();
        var backups = scope.ServiceProvider.GetRequiredService<DatabaseBackups>();
        var watch = Stopwatch.StartNew();
        try
        {
            var bars = new StageBars(output);
            var result = await backups.BackUpAsync(to, BackupTrigger.Command, bars, ct);
            bars.Finish();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Backup written: {result.Path} ({result.Size:N0} bytes, sealed with key {result.Header.KeyId}, schema {result.Header.Schema}) in {watch.Elapsed.TotalSeconds:N1} s."));
            await output.WriteLineAsync($"SHA-256 {result.Checksum} (in {Path.GetFileName(result.Path)}.sha256).");
            foreach (var pruned in result.Pruned) await output.WriteLineAsync($"Removed an old backup: {pruned}");
            await output.WriteLineAsync("Keep the health-information keys backed up apart from it: without them this backup cannot be opened.");
            return 0;
        }
        catch (Exception problem) when (problem is InvalidOperationException or IOException or UnauthorizedAccessException or OptionsValidationException
            or BackupRefusedException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            await output.WriteLineAsync($"Backup failed: {problem.Message}");
            return 1;
        }
    }

    public static async Task<int> RestoreAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var from = Value(args, "--from");
        if (string.IsNullOrEmpty(from))
        {
            await output.WriteLineAsync("Usage: restore --from FILE   (into the configured database, which must be empty)");
            return 2;
        }
        await using var scope = services.CreateAsyncScope();
        var backups = scope.ServiceProvider.GetRequiredService<DatabaseBackups>();
        var watch = Stopwatch.StartNew();
        try
        {
            var bars = new StageBars(output);
            var header = await backups.RestoreAsync(Path.GetFullPath(from), bars, ct);
            bars.Finish();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Restored the backup of {header.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC (schema {header.Schema}) in {watch.Elapsed.TotalSeconds:N1} s. Start the app (or run migrate) to bring it up to this version's schema."));
            return 0;
        }
        catch (BackupRefusedException refused)
        {
            await output.WriteLineAsync($"Refused: {refused.Message}");
            return 1;
        }
        catch (Exception problem) when (problem is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            await output.WriteLineAsync($"Restore failed: {problem.Message}");
            return 1;
        }
    }

    /// <summary>The value after <paramref name="name"/>; empty when the name is last; null when absent.</summary>
    private static string? Value(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        if (at < 0) return null;
        return at + 1 < args.Length && !args[at + 1].StartsWith("--", StringComparison.Ordinal) ? args[at + 1] : "";
    }

    /// <summary>
    /// One progress bar per stage (rotate-keys' bar), each titled and counted in its own unit: SQLite's pages, then the
    /// snapshot's megabytes sealed; pg_dump's tables; a restore's megabytes of the backup read.
    /// </summary>
    private sealed class StageBars(TextWriter output) : IProgress<BackupProgress>
    {
        private BackupStage? stage;
        private ConsoleProgressBar? bar;

        public void Report(BackupProgress value)
        {
            if (value.Stage != stage)
            {
                Finish();
                stage = value.Stage;
                output.WriteLine(Title(value));
                bar = value.Stage == BackupStage.Finishing ? null : ConsoleProgressBar.For(output, Unit(value.Stage));
            }
            bar?.Report(new ProgressStep(value.Done, value.Total, value.Elapsed, value.Detail));
        }

        public void Finish() => bar?.Finish();

        private static string Title(BackupProgress value) => value.Stage switch
        {
            BackupStage.SnapshotPages => "Copying the database (SQLite online backup):",
            BackupStage.SealingBytes => "Sealing the copy (AES-256-GCM):",
            BackupStage.DumpingTables => "Dumping the tables (pg_dump):",
            BackupStage.RestoringBytes => "Reading the backup into the database:",
            _ => $"Finishing: {value.Detail} ...",
        };

        private static ProgressUnit Unit(BackupStage stage) => stage switch
        {
            BackupStage.SnapshotPages => ProgressUnit.Pages,
            BackupStage.DumpingTables => ProgressUnit.Tables,
            _ => ProgressUnit.Megabytes,
        };
    }
}
