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
    public async Task<BackupResult> BackUpAsync(string? folder, BackupTrigger trigger, IProgress<long>? progress, CancellationToken ct,
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

    private async Task<BackupResult> WriteAsync(string? folder, IProgress<long>? progress, CancellationToken ct)
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
    public async Task<BackupHeader> RestoreAsync(string file, IProgress<long>? progress, CancellationToken ct)
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
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = database.Value.Provider == DatabaseProvider.Sqlite
                ? "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                : "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')";
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) > 0;
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
    private async Task DumpSqliteAsync(Stream output, BackupHeader header, string folder, IProgress<long>? progress, CancellationToken ct)
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
                source.BackupDatabase(copy);
            }
            await using var plain = File.OpenRead(snapshot);
            await BackupFile.WriteAsync(plain, output, header, keys, progress, ct);
        }
        finally
        {
            File.Delete(snapshot);
        }
    }

    private async Task RestoreSqliteAsync(Stream input, BackupHeader header, IProgress<long>? progress, CancellationToken ct)
    {
        var path = SqlitePath();
        var restoring = path + ".restoring";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            File.Delete(restoring);
            await using (var plain = Create(restoring))
            {
                await BackupFile.ReadBodyAsync(input, header, keys, plain, progress, ct);
            }
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

    private async Task DumpPostgresAsync(Stream output, BackupHeader header, IProgress<long>? progress, CancellationToken ct)
    {
        using var process = StartPostgresTool("pg_dump", ["--format=custom", "--no-owner", "--no-privileges"]);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await BackupFile.WriteAsync(process.StandardOutput.BaseStream, output, header, keys, progress, ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0) throw new InvalidOperationException($"pg_dump failed ({process.ExitCode}): {(await errors).Trim()}");
    }

    private async Task RestorePostgresAsync(Stream input, BackupHeader header, IProgress<long>? progress, CancellationToken ct)
    {
        using var process = StartPostgresTool("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"], stdin: true);
        var errors = process.StandardError.ReadToEndAsync(ct);
        var output = process.StandardOutput.ReadToEndAsync(ct);
        try
        {
            await BackupFile.ReadBodyAsync(input, header, keys, process.StandardInput.BaseStream, progress, ct);
        }
        finally
        {
            process.StandardInput.Close();
        }
        await process.WaitForExitAsync(ct);
        await output;
        if (process.ExitCode != 0) throw new InvalidOperationException($"pg_restore failed ({process.ExitCode}): {(await errors).Trim()}");
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
