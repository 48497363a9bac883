using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Encryption;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using SQLitePCL;

namespace CareSlot.Web.Platform.Operations.Backups;

public sealed record BackupResult(string Path, long Size, string Checksum, BackupHeader Header, IReadOnlyList<string> Pruned);

/// <summary>
/// Backs the database up with its own engine's tools — SQLite's online backup API, PostgreSQL's <c>pg_dump</c> in custom
/// format — sealed into a <see cref="BackupFile"/> with a <c>.sha256</c> beside it; and restores one into an empty
/// database after checking its checksum, its key, its engine and that this build knows its schema.
/// </summary>
public sealed class DatabaseBackups(CareSlotDb db, IOptions<DatabaseOptions> database, IOptions<BackupOptions> options, PhiKeyRing keys,
    IClock clock, IHostEnvironment environment, PostgresTopology? postgres = null)
{
    private static readonly UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string Folder => options.Value.FullFolder(environment);

    /// <summary>
    /// Claims a scheduled occurrence: of several instances, the one whose row goes in backs up; the others get null.
    /// </summary>
    public async Task<BackupRun?> ClaimScheduledAsync(Instant occurrence, CancellationToken ct)
    {
        var run = new BackupRun(BackupTrigger.Scheduled, occurrence, clock.GetCurrentInstant());
        db.BackupRuns.Add(run);
        try
        {
            await db.SaveChangesAsync(ct);
            return run;
        }
        catch (DbUpdateException conflict) when (conflict.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return null;
        }
    }

    /// <summary>Writes a backup and records the run, good or failed (a failure is rethrown after it is recorded).</summary>
    public async Task<BackupResult> BackUpAsync(string? folder, BackupTrigger trigger, IProgress<BackupProgress>? progress, CancellationToken ct,
        BackupRun? claimed = null)
    {
        var run = claimed;
        if (run is null)
        {
            run = new BackupRun(trigger, null, clock.GetCurrentInstant());
            db.BackupRuns.Add(run);
            await db.SaveChangesAsync(ct);
        }
        try
        {
            var result = await WriteAsync(folder, progress, ct);
            run.Succeed(clock.GetCurrentInstant(), Path.GetFileName(result.Path), result.Size, result.Checksum);
            await db.SaveChangesAsync(CancellationToken.None);
            return result;
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            run.Fail(clock.GetCurrentInstant(), failure is InvalidOperationException or IOException or UnauthorizedAccessException or BackupRefusedException
                ? failure.Message
                : failure.GetType().Name);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>The newest good backup's run, or null when there has been none.</summary>
    public Task<BackupRun?> LastGoodAsync(CancellationToken ct) =>
        db.BackupRuns.AsNoTracking().Where(r => r.Succeeded).OrderByDescending(r => r.FinishedAt).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<BackupRun>> RecentAsync(int count, CancellationToken ct) =>
        await db.BackupRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(count).ToListAsync(ct);

    private async Task<BackupResult> WriteAsync(string? folder, IProgress<BackupProgress>? progress, CancellationToken ct)
    {
        var target = Path.GetFullPath(folder ?? Folder);
        Directory.CreateDirectory(target);
        var schema = (await db.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault() ?? "";
        var now = clock.GetCurrentInstant();
        var header = BackupFile.NewHeader(database.Value.Provider, schema, now, keys);
        var name = string.Create(CultureInfo.InvariantCulture,
            $"careslot-{now.ToDateTimeUtc():yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}{BackupFile.Extension}");
        var path = Path.Combine(target, name);
        var partial = path + ".partial";
        try
        {
            await using (var output = Create(partial))
            {
                if (database.Value.Provider == DatabaseProvider.Sqlite) await DumpSqliteAsync(output, header, target, progress, ct);
                else await DumpPostgresAsync(output, header, progress, ct);
            }
            File.Move(partial, path);
        }
        finally
        {
            File.Delete(partial);
        }
        var checksum = await BackupFile.ChecksumAsync(path, ct);
        await BackupFile.WriteChecksumFileAsync(path, checksum, ct);
        return new BackupResult(path, new FileInfo(path).Length, checksum, header, Prune(target));
    }

    /// <summary>Restores <paramref name="file"/> into this app's database, which must be empty. Throws <see cref="BackupRefusedException"/>.</summary>
    public async Task<BackupHeader> RestoreAsync(string file, IProgress<BackupProgress>? progress, CancellationToken ct)
    {
        if (!File.Exists(file)) throw new BackupRefusedException($"There is no file {file}.");
        var expected = await BackupFile.ExpectedChecksumAsync(file, ct)
            ?? throw new BackupRefusedException($"There is no checksum beside the backup ({Path.GetFileName(file)}{BackupFile.ChecksumExtension}); copy it with the backup.");
        if (await BackupFile.ChecksumAsync(file, ct) != expected) throw new BackupRefusedException("The backup does not match its checksum: it was altered or damaged in copying.");

        await using var input = File.OpenRead(file);
        var header = await BackupFile.ReadHeaderAsync(input, ct);
        if (header.Provider != database.Value.Provider)
        {
            throw new BackupRefusedException($"The backup is of a {header.Provider} database; this app is set up for {database.Value.Provider} (Database:Provider).");
        }
        var known = db.Database.GetMigrations().ToList();
        if (header.Schema.Length > 0 && !known.Contains(header.Schema))
        {
            throw new BackupRefusedException($"The backup comes from a newer CareSlot (its schema ends with migration {header.Schema}; this version knows up to {known.LastOrDefault()}). Restore it with that version or newer.");
        }
        if (!keys.TryFind(header.KeyId, out _))
        {
            throw new BackupRefusedException($"The backup was sealed with key '{header.KeyId}', which is not in this key ring. Add that key (Security:PhiKeys) and try again.");
        }
        if (await HoldsDataAsync(ct)) throw new BackupRefusedException("The database is not empty. Restore into an empty database (a new SQLite path, or a newly created PostgreSQL database).");

        if (header.Provider == DatabaseProvider.Sqlite) await RestoreSqliteAsync(input, header, progress, ct);
        else await RestorePostgresAsync(input, header, progress, ct);
        return header;
    }

    /// <summary>Good backups in the folder, newest first (a file without its checksum, or half-written, is not one).</summary>
    public IReadOnlyList<FileInfo> List(string? folder = null)
    {
        var directory = new DirectoryInfo(folder ?? Folder);
        if (!directory.Exists) return [];
        return [.. directory.EnumerateFiles("*" + BackupFile.Extension).Where(f => File.Exists(f.FullName + BackupFile.ChecksumExtension))
            .OrderByDescending(f => f.Name, StringComparer.Ordinal)];
    }

    private List<string> Prune(string folder)
    {
        var pruned = new List<string>();
        foreach (var old in List(folder).Skip(options.Value.Keep))
        {
            old.Delete();
            File.Delete(old.FullName + BackupFile.ChecksumExtension);
            pruned.Add(old.Name);
        }
        return pruned;
    }

    /// <summary>Readable by the app's user only: a backup is everything, sealed or not.</summary>
    private static FileStream Create(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
        return new FileStream(path, options);
    }

    private async Task<bool> HoldsDataAsync(CancellationToken ct)
    {
        if (database.Value.Provider == DatabaseProvider.Sqlite)
        {
            var path = SqlitePath();
            if (!File.Exists(path) || new FileInfo(path).Length == 0) return false;
        }
        return await TableCountAsync(ct) > 0;
    }

    /// <summary>The database's own tables: none in an empty one; pg_dump's total on PostgreSQL.</summary>
    private async Task<long> TableCountAsync(CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = database.Value.Provider == DatabaseProvider.Sqlite
                ? "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                : "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')";
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private string SqlitePath() => new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;

    /// <summary>
    /// The online backup API copies a consistent snapshot while the site writes on. It needs a file to copy into: a private
    /// one (owner-only) beside the backups, sealed into the backup and deleted at once.
    /// </summary>
    private async Task DumpSqliteAsync(Stream output, BackupHeader header, string folder, IProgress<BackupProgress>? progress, CancellationToken ct)
    {
        var snapshot = Path.Combine(folder, $".snapshot-{Guid.NewGuid():N}.db");
        try
        {
            await using (Create(snapshot))
            {
            }
            await using (var source = new SqliteConnection(db.Database.GetConnectionString()))
            await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = snapshot, Pooling = false }.ToString()))
            {
                await source.OpenAsync(ct);
                await copy.OpenAsync(ct);
                await CopyPagesAsync(source, copy, progress, ct);
            }
            await using var plain = File.OpenRead(snapshot);
            var sealing = Stopwatch.StartNew();
            var size = plain.Length;
            await BackupFile.WriteAsync(plain, output, header, keys,
                progress is null ? null : new Reporter<long>(done => progress.Report(new BackupProgress(BackupStage.SealingBytes, done, size, sealing.Elapsed))), ct);
        }
        finally
        {
            File.Delete(snapshot);
        }
    }

    /// <summary>
    /// SQLite's online backup in steps of a fiftieth of the pages, so the pages copied can be shown. A write by the site
    /// between two steps makes SQLite start the copy over; after one restart the rest is copied in a single step (as
    /// <c>BackupDatabase</c> does), so a busy site cannot keep the backup from finishing.
    /// </summary>
    private static async Task CopyPagesAsync(SqliteConnection source, SqliteConnection copy, IProgress<BackupProgress>? progress, CancellationToken ct)
    {
        long pages;
        await using (var count = source.CreateCommand())
        {
            count.CommandText = "PRAGMA page_count";
            pages = Convert.ToInt64(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }
        var step = (int)Math.Clamp(pages / 50, 64, int.MaxValue);
        var watch = Stopwatch.StartNew();
        var backup = raw.sqlite3_backup_init(copy.Handle, "main", source.Handle, "main");
        if (backup is null || backup.IsInvalid) throw new InvalidOperationException($"SQLite's online backup did not start: {raw.sqlite3_errmsg(copy.Handle).utf8_to_string()}");
        try
        {
            var lastRemaining = int.MaxValue;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var result = raw.sqlite3_backup_step(backup, step);
                var total = raw.sqlite3_backup_pagecount(backup);
                var remaining = raw.sqlite3_backup_remaining(backup);
                // Started over: the rest goes in one step, and the bar waits for it rather than run backwards.
                var restarted = remaining > lastRemaining;
                if (restarted) step = -1;
                lastRemaining = remaining;
                if (!restarted || result == raw.SQLITE_DONE) progress?.Report(new BackupProgress(BackupStage.SnapshotPages, total - remaining, total, watch.Elapsed));
                if (result == raw.SQLITE_DONE) return;
                if (result is raw.SQLITE_BUSY or raw.SQLITE_LOCKED)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
                    continue;
                }
                if (result != raw.SQLITE_OK) throw new InvalidOperationException($"SQLite's online backup failed: {raw.sqlite3_errstr(result).utf8_to_string()}");
            }
        }
        finally
        {
            raw.sqlite3_backup_finish(backup);
        }
    }

    private async Task RestoreSqliteAsync(Stream input, BackupHeader header, IProgress<BackupProgress>? progress, CancellationToken ct)
    {
        var path = SqlitePath();
        var restoring = path + ".restoring";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            File.Delete(restoring);
            await using (var plain = Create(restoring))
            {
                await BackupFile.ReadBodyAsync(input, header, keys, plain, FileRead(input, progress), ct);
            }
            progress?.Report(new BackupProgress(BackupStage.Finishing, 0, 0, TimeSpan.Zero, "PRAGMA integrity_check"));
            await using (var check = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = restoring, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString()))
            {
                await check.OpenAsync(ct);
                await using var command = check.CreateCommand();
                command.CommandText = "PRAGMA integrity_check";
                var result = (string?)await command.ExecuteScalarAsync(ct);
                if (result != "ok") throw new BackupRefusedException($"The restored database fails SQLite's integrity check: {result}");
            }
            SqliteConnection.ClearAllPools();
            foreach (var leftover in new[] { path + "-wal", path + "-shm" }) File.Delete(leftover);
            File.Move(restoring, path, overwrite: true);
        }
        finally
        {
            File.Delete(restoring);
        }
    }

    private async Task DumpPostgresAsync(Stream output, BackupHeader header, IProgress<BackupProgress>? progress, CancellationToken ct)
    {
        var tables = progress is null ? 0 : await TableCountAsync(ct);
        // --verbose names each table as pg_dump starts on its contents: the only honest count it gives (no byte total in advance).
        using var process = StartPostgresTool("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", .. progress is null ? Array.Empty<string>() : ["--verbose"]]);
        var watch = Stopwatch.StartNew();
        long written = 0, tablesStarted = 0;
        var errors = ReadToolMessagesAsync(process.StandardError, "pg_dump", line =>
        {
            const string marker = "dumping contents of table ";
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0 || progress is null) return;
            var started = ++tablesStarted;
            progress.Report(new BackupProgress(BackupStage.DumpingTables, Math.Min(started - 1, tables), tables, watch.Elapsed,
                string.Create(CultureInfo.InvariantCulture, $"{Interlocked.Read(ref written) / (1024.0 * 1024):N0} MB written, now {line[(at + marker.Length)..].Trim('"')}")));
        }, ct);
        await BackupFile.WriteAsync(process.StandardOutput.BaseStream, output, header, keys, new Reporter<long>(done => Interlocked.Exchange(ref written, done)), ct);
        await process.WaitForExitAsync(ct);
        var messages = await errors;
        if (process.ExitCode != 0) throw new InvalidOperationException($"pg_dump failed ({process.ExitCode}): {messages}");
        progress?.Report(new BackupProgress(BackupStage.DumpingTables, tables, tables, watch.Elapsed,
            string.Create(CultureInfo.InvariantCulture, $"{written / (1024.0 * 1024):N0} MB written")));
    }

    private async Task RestorePostgresAsync(Stream input, BackupHeader header, IProgress<BackupProgress>? progress, CancellationToken ct)
    {
        using var process = StartPostgresTool("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"], stdin: true);
        var errors = process.StandardError.ReadToEndAsync(ct);
        var output = process.StandardOutput.ReadToEndAsync(ct);
        try
        {
            await BackupFile.ReadBodyAsync(input, header, keys, process.StandardInput.BaseStream, FileRead(input, progress), ct);
        }
        finally
        {
            process.StandardInput.Close();
        }
        progress?.Report(new BackupProgress(BackupStage.Finishing, 0, 0, TimeSpan.Zero, "pg_restore: indexes and constraints, then commit"));
        await process.WaitForExitAsync(ct);
        await output;
        if (process.ExitCode != 0) throw new InvalidOperationException($"pg_restore failed ({process.ExitCode}): {(await errors).Trim()}");
    }

    /// <summary>Bytes of the backup file read so far, of its length: what a restore has handed to the engine.</summary>
    private static Reporter<long>? FileRead(Stream input, IProgress<BackupProgress>? progress)
    {
        if (progress is null) return null;
        var watch = Stopwatch.StartNew();
        return new Reporter<long>(_ => progress.Report(new BackupProgress(BackupStage.RestoringBytes, input.Position, input.Length, watch.Elapsed)));
    }

    /// <summary>
    /// Reads a tool's standard error line by line, giving each to <paramref name="onLine"/>; returns what an operator needs
    /// when it fails: its errors, details and hints, without the --verbose narration.
    /// </summary>
    private static async Task<string> ReadToolMessagesAsync(StreamReader errors, string tool, Action<string> onLine, CancellationToken ct)
    {
        var kept = new List<string>();
        var narration = tool + ": ";
        while (await errors.ReadLineAsync(ct) is { } line)
        {
            onLine(line);
            var rest = line.StartsWith(narration, StringComparison.Ordinal) ? line[narration.Length..] : null;
            if (rest is null || rest.StartsWith("error:", StringComparison.Ordinal) || rest.StartsWith("detail:", StringComparison.Ordinal)
                || rest.StartsWith("hint:", StringComparison.Ordinal) || rest.StartsWith("warning:", StringComparison.Ordinal))
            {
                kept.Add(line);
            }
        }
        return string.Join('\n', kept).Trim();
    }

    /// <summary>
    /// Reports on the caller's thread, at once: <see cref="Progress{T}"/> would post to the thread pool, out of order and
    /// after the work it reports on has moved on.
    /// </summary>
    private sealed class Reporter<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    /// <summary>
    /// The tool connects as the app does; the password goes through the environment, never the command line. With a
    /// standby in the connection string, libpq gets the same host list and is told to take the primary: a restore must
    /// write there, and a dump from a standby could miss the last moments.
    /// </summary>
    private Process StartPostgresTool(string tool, string[] arguments, bool stdin = false)
    {
        var connection = new NpgsqlConnectionStringBuilder(postgres?.PrimaryConnectionString ?? db.Database.GetConnectionString());
        var start = new ProcessStartInfo(options.Value.Tool(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin,
            UseShellExecute = false,
        };
        // The tools' messages in English: DumpPostgresAsync counts tables by pg_dump's own words.
        start.Environment.Remove("LC_ALL");
        start.Environment["LC_MESSAGES"] = "C";
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.ArgumentList.Add("--no-password");
        start.ArgumentList.Add("--dbname");
        start.ArgumentList.Add(connection.Database ?? "");
        var hosts = PostgresTopology.Hosts(connection.Host);
        if (hosts.Count > 0) start.Environment["PGHOST"] = string.Join(',', hosts.Select(h => h.Host));
        start.Environment["PGPORT"] = hosts.Count > 0
            ? string.Join(',', hosts.Select(h => (h.Port ?? connection.Port).ToString(CultureInfo.InvariantCulture)))
            : connection.Port.ToString(CultureInfo.InvariantCulture);
        if (hosts.Count > 1) start.Environment["PGTARGETSESSIONATTRS"] = "primary";
        if (!string.IsNullOrEmpty(connection.Username)) start.Environment["PGUSER"] = connection.Username;
        if (!string.IsNullOrEmpty(connection.Password)) start.Environment["PGPASSWORD"] = connection.Password;
        start.Environment["PGSSLMODE"] = connection.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        return Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
    }
}
