using System.Diagnostics;
using Npgsql;

namespace CareSlot.Web.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL primary and a hot standby that streams from it, as production runs them: initdb, the primary on
/// a free loopback port, <c>pg_basebackup -R -X stream</c> into a second data directory, the standby on another port. A
/// few seconds to start; the tests can pause the standby's replay, and stop and start it.
/// </summary>
public sealed class StreamingReplica : IAsyncDisposable
{
    private const string Superuser = "careslot";

    /// <summary>What the app's connections call themselves, so the standby's <c>pg_stat_activity</c> shows who reads there.</summary>
    public const string ApplicationName = "careslot-replica-test";

    public const string Database = "careslot_replica";

    private readonly string directory = Path.Combine(Path.GetTempPath(), $"careslot-pgrep-{Guid.NewGuid():N}");

    public int PrimaryPort { get; private set; }

    public int StandbyPort { get; private set; }

    private string PrimaryData => Path.Combine(directory, "primary");

    private string StandbyData => Path.Combine(directory, "standby");

    public bool StandbyRunning => File.Exists(Path.Combine(StandbyData, "postmaster.pid"));

    /// <summary>
    /// The app's connection string: both hosts, primary first, as the configuration contract has it. A host found down is
    /// tried again after a second (Npgsql's default is ten), so a restarted standby is back within a test.
    /// </summary>
    public string AppConnectionString =>
        $"Host=127.0.0.1:{PrimaryPort},127.0.0.1:{StandbyPort};Username={Superuser};Database={Database};Application Name={ApplicationName};" +
        "Host Recheck Seconds=1;Include Error Detail=true";

    public async Task StartAsync()
    {
        Directory.CreateDirectory(directory);
        if (ServerTools.RunningAsRoot) await ServerTools.RunAsync("chown", "postgres:postgres", directory);
        await ServerTools.RunPostgresToolAsync("initdb", "-D", PrimaryData, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        PrimaryPort = SmtpSink.FreePort();
        // initdb's pg_hba.conf already lets loopback connect for replication; wal_level=replica is PostgreSQL's default,
        // said here so the fixture states what streaming needs.
        await ServerTools.RunPostgresToolAsync("pg_ctl", "-D", PrimaryData, "-l", Path.Combine(directory, "primary.log"), "-w", "-t", "60", "-o",
            $"-p {PrimaryPort} -k {directory} -c listen_addresses=127.0.0.1 -c wal_level=replica -c max_wal_senders=4 -c fsync=off -c max_connections=200",
            "start");
        // A fast checkpoint: the default spread one would make the copy wait for minutes.
        await ServerTools.RunPostgresToolAsync("pg_basebackup", "-h", "127.0.0.1", "-p", PrimaryPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-U", Superuser, "-D", StandbyData, "-R", "-X", "stream", "-c", "fast", "--no-sync");
        StandbyPort = SmtpSink.FreePort();
        await StartStandbyAsync();
        await ExecuteAsync(PrimaryPort, "postgres", $"CREATE DATABASE {Database}");
        await WaitForReplayAsync();
    }

    public Task StartStandbyAsync() =>
        ServerTools.RunPostgresToolAsync("pg_ctl", "-D", StandbyData, "-l", Path.Combine(directory, "standby.log"), "-w", "-t", "60", "-o",
            $"-p {StandbyPort} -k {directory} -c listen_addresses=127.0.0.1 -c hot_standby=on -c fsync=off -c max_connections=200",
            "start");

    /// <summary>A fast shutdown: the standby's sessions are ended, as when its machine goes away.</summary>
    public Task StopStandbyAsync() => ServerTools.RunPostgresToolAsync("pg_ctl", "-D", StandbyData, "-m", "fast", "-w", "stop");

    /// <summary>The standby keeps receiving WAL but applies none of it: what it answers stays as it was.</summary>
    public Task PauseReplayAsync() => ExecuteAsync(StandbyPort, Database, "SELECT pg_wal_replay_pause()");

    public async Task ResumeReplayAsync()
    {
        await ExecuteAsync(StandbyPort, Database, "SELECT pg_wal_replay_resume()");
        await WaitForReplayAsync();
    }

    /// <summary>Until the standby has applied everything the primary had written when this was called (at most 30 s).</summary>
    public async Task WaitForReplayAsync()
    {
        var target = await ScalarAsync<string>(PrimaryPort, "postgres", "SELECT pg_current_wal_insert_lsn()::text");
        var deadline = Stopwatch.StartNew();
        while (!await ScalarAsync<bool>(StandbyPort, "postgres", $"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"The standby did not replay up to {target} within 30 s.");
            await Task.Delay(50);
        }
    }

    /// <summary>How many sessions of the app the standby has (busy or idle in a pool) on the app's database.</summary>
    public Task<long> AppSessionsOnStandbyAsync() =>
        ScalarAsync<long>(StandbyPort, "postgres",
            $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{ApplicationName}' AND datname = '{Database}'");

    public Task<T> ScalarOnStandbyAsync<T>(string sql) => ScalarAsync<T>(StandbyPort, Database, sql);

    public Task<T> ScalarOnPrimaryAsync<T>(string sql) => ScalarAsync<T>(PrimaryPort, Database, sql);

    private static string Direct(int port, string database) =>
        $"Host=127.0.0.1;Port={port};Username={Superuser};Database={database};Pooling=false;Application Name=careslot-replica-fixture";

    private static async Task ExecuteAsync(int port, string database, string sql)
    {
        await using var connection = new NpgsqlConnection(Direct(port, database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(int port, string database, string sql)
    {
        await using var connection = new NpgsqlConnection(Direct(port, database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var data in new[] { StandbyData, PrimaryData })
        {
            if (File.Exists(Path.Combine(data, "postmaster.pid"))) await ServerTools.RunPostgresToolAsync("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop");
        }
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
