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
            var result = await backups.BackUpAsync(to, new BytesProgress(output, "backed up"), ct);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Backup written: {result.Path} ({result.Size:N0} bytes, sealed with key {result.Header.KeyId}, schema {result.Header.Schema}) in {watch.Elapsed.TotalSeconds:N1} s."));
            await output.WriteLineAsync($"SHA-256 {result.Checksum} (in {Path.GetFileName(result.Path)}.sha256).");
            foreach (var pruned in result.Pruned) await output.WriteLineAsync($"Removed an old backup: {pruned}");
            await output.WriteLineAsync("Keep the health-information keys backed up apart from it: without them this backup cannot be opened.");
            return 0;
        }
        catch (Exception problem) when (problem is InvalidOperationException or IOException or UnauthorizedAccessException or OptionsValidationException)
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
            var header = await backups.RestoreAsync(Path.GetFullPath(from), new BytesProgress(output, "restored"), ct);
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

    /// <summary>A line per 64 MB, so a long run shows it is moving without flooding a log.</summary>
    private sealed class BytesProgress(TextWriter output, string verb) : IProgress<long>
    {
        private const long Step = 64L << 20;
        private long next = Step;

        public void Report(long value)
        {
            if (value < next) return;
            next = (value / Step + 1) * Step;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {value / (1024.0 * 1024):N0} MB {verb}"));
        }
    }
}
