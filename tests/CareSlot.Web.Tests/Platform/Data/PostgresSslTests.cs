using CareSlot.Web.Platform.Data;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CareSlot.Web.Tests.Platform.Data;

/// <summary>
/// A throwaway PostgreSQL cluster that accepts TCP connections over TLS only (<c>ssl=on</c>, <c>hostssl</c> alone in
/// pg_hba.conf), with a self-signed certificate made by openssl for 127.0.0.1. Its own cluster, so the shared one's
/// tests keep their plain loopback connections.
/// </summary>
public sealed class TlsOnlyPostgres : IAsyncLifetime
{
    private const string Superuser = "careslot";
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"careslot-pgtls-{Guid.NewGuid():N}");
    private int port;

    /// <summary>The certificate the server presents; a client that trusts it can verify the server fully.</summary>
    public string CertificatePath => Path.Combine(directory, "server.crt");

    public string ConnectionString(string sslMode, string database = "postgres") =>
        $"Host=127.0.0.1;Port={port};Username={Superuser};Database={database};SSL Mode={sslMode};Root Certificate={CertificatePath};Pooling=false";

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        var data = Path.Combine(directory, "data");
        var key = Path.Combine(directory, "server.key");
        await ServerTools.RunAsync("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", CertificatePath,
            "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
        if (ServerTools.RunningAsRoot) await ServerTools.RunAsync("chown", "-R", "postgres:postgres", directory);
        await ServerTools.RunAsync("chmod", "600", key); // PostgreSQL refuses a key others can read
        await ServerTools.RunPostgresToolAsync("initdb", "-D", data, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        // Only TLS over TCP; the Unix socket stays for pg_ctl.
        await File.WriteAllTextAsync(Path.Combine(data, "pg_hba.conf"), "local all all trust\nhostssl all all 127.0.0.1/32 trust\n");
        if (ServerTools.RunningAsRoot) await ServerTools.RunAsync("chown", "postgres:postgres", Path.Combine(data, "pg_hba.conf"));
        port = SmtpSink.FreePort();
        await ServerTools.RunPostgresToolAsync("pg_ctl", "-D", data, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "-o",
            $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c ssl=on -c ssl_cert_file={CertificatePath} -c ssl_key_file={key}",
            "start");
    }

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("VerifyFull"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(directory, "data", "postmaster.pid")))
        {
            await ServerTools.RunPostgresToolAsync("pg_ctl", "-D", Path.Combine(directory, "data"), "-m", "immediate", "-w", "stop");
        }
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}

/// <summary>The app on a PostgreSQL that speaks only TLS, connected with <c>SSL Mode=VerifyFull</c> as production is.</summary>
public sealed class PostgresSslTests(TlsOnlyPostgres server) : IClassFixture<TlsOnlyPostgres>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PlainConnection_IsRefusedByTheServer()
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString("Disable"));

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync(Ct));

        Assert.Equal(PostgresErrorCodes.InvalidAuthorizationSpecification, error.SqlState);
    }

    [Fact]
    public async Task App_WithSslModeVerifyFull_MigratesAndQueriesOverTls()
    {
        var database = await server.CreateDatabaseAsync("careslot_tls");
        await using var app = new TlsPostgresApp(server.ConnectionString("VerifyFull", database));
        await app.InitializeAsync();

        var overTls = await app.WithDbAsync(db => db.Database
            .SqlQuery<bool>($"""SELECT ssl AS "Value" FROM pg_stat_ssl WHERE pid = pg_backend_pid()""").SingleAsync(Ct));
        var doctors = await app.WithDbAsync(db => db.Doctors.CountAsync(Ct));

        Assert.True(overTls);
        Assert.True(doctors > 0, "The demo directory was not seeded through the TLS connection.");
        Assert.Null(PostgresTransport.Weakness(server.ConnectionString("VerifyFull", database)));
    }

    private sealed class TlsPostgresApp(string connectionString) : CareSlotApp
    {
        public override DatabaseProvider Provider => DatabaseProvider.Postgres;

        protected override Task<Dictionary<string, string?>> DatabaseSettingsAsync() =>
            Task.FromResult(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:Postgres"] = connectionString,
            });
    }
}
