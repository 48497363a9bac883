using Npgsql;

[assembly: AssemblyFixture(typeof(CareSlot.Web.Tests.Infrastructure.PostgresServer))]

namespace CareSlot.Web.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster for the whole test run: initdb into a temp directory, pg_ctl on a
/// free loopback port, removed afterwards. Durability is switched off because nothing here must survive.
/// Started on first use, so a run that filters out every PostgreSQL test never pays for it.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Superuser = "careslot";
    private readonly SemaphoreSlim startLock = new(1, 1);
    private string? directory;
    private int port;
    private int databaseCounter;


    /// <summary>The cluster's data directory (PGDATA), once started: what a stolen disk would hold.</summary>
    public string DataDirectory => Path.Combine(directory ?? throw new InvalidOperationException("The cluster has not started."), "data");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        await EnsureStartedAsync();
        var name = $"careslot_test_{Interlocked.Increment(ref databaseCounter)}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    /// <summary>
    /// Idle connections close after 10 s: some sixty app fixtures share this one server, and each pool would otherwise keep
    /// its connections for Npgsql's default five minutes, long after its test class is done.
    /// </summary>
    private string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={port};Username={Superuser};Database={database};Pooling=true;Include Error Detail=true;Connection Idle Lifetime=10;Connection Pruning Interval=2";

    private async Task EnsureStartedAsync()
    {
        await startLock.WaitAsync();
        try
        {
            if (directory is not null) return;
            var dir = Path.Combine(Path.GetTempPath(), $"careslot-pg-{Guid.NewGuid():N}");
            Directory.CreateDirectory(dir);
            if (ServerTools.RunningAsRoot) await ServerTools.RunAsync("chown", "postgres:postgres", dir);
            var data = Path.Combine(dir, "data");
            await ServerTools.RunPostgresToolAsync("initdb", "-D", data, "-U", Superuser, "--auth=trust", "-E", "UTF8",
                "--locale=C.UTF-8", "--no-sync");
            port = SmtpSink.FreePort();
            await ServerTools.RunPostgresToolAsync("pg_ctl", "-D", data, "-l", Path.Combine(dir, "server.log"), "-w", "-t", "60",
                "-o", $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400",
                "start");
            directory = dir;
        }
        finally
        {
            startLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (directory is null) return;
        NpgsqlConnection.ClearAllPools();
        await ServerTools.RunPostgresToolAsync("pg_ctl", "-D", Path.Combine(directory, "data"), "-m", "immediate", "-w", "stop");
        Directory.Delete(directory, recursive: true);
        startLock.Dispose();
    }
}
