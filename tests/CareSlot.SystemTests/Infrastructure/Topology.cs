using System.Diagnostics;
using System.Globalization;
using System.Net;
using Npgsql;

namespace CareSlot.SystemTests.Infrastructure;

/// <summary>
/// The running topology of ops/topology.sh, found through the same settings the script reads (ops/system-test.sh exports
/// them): the site through nginx, each instance directly, the primary database, and the processes behind their pid files.
/// </summary>
public static class Topology
{
    public static string Work { get; } = Setting("TOPOLOGY_WORK", "/tmp/careslot-topology");
    public static int HttpsPort { get; } = int.Parse(Setting("HTTPS_PORT", "8443"), CultureInfo.InvariantCulture);
    public static int[] AppPorts { get; } = [.. Setting("APP_PORTS", "5101 5102 5103").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
    public static int PrimaryPort { get; } = int.Parse(Setting("PG_PRIMARY_PORT", "55433"), CultureInfo.InvariantCulture);
    public static int ReplicaPort { get; } = int.Parse(Setting("PG_REPLICA_PORT", "55434"), CultureInfo.InvariantCulture);
    public static int RedisPort { get; } = int.Parse(Setting("REDIS_PORT", "56379"), CultureInfo.InvariantCulture);
    public static string PgBin { get; } = Setting("PGBIN", "/usr/lib/postgresql/15/bin");

    /// <summary>The repository root: ops/topology.sh is run from there to bring a stopped part back.</summary>
    public static string Repository { get; } = FindRepository();

    public static Uri Site => new($"https://localhost:{HttpsPort}/");

    public static string MailDirectory => Path.Combine(Work, "mail", "new");

    /// <summary>The primary, as the superuser: seeding and checking what was committed.</summary>
    public static NpgsqlDataSource Database { get; } =
        NpgsqlDataSource.Create($"Host=127.0.0.1;Port={PrimaryPort};Username=postgres;Database=careslot;Timeout=5;Command Timeout=60");

    private static string Setting(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;

    private static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ops", "topology.sh"))) return directory.FullName;
        }
        throw new InvalidOperationException("ops/topology.sh not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// A client of the site through nginx. The certificate is the topology's own self-signed one: trusted only when it is
    /// exactly that file, not any certificate.
    /// </summary>
    public static HttpClient SiteClient(int connections = 64, TimeSpan? timeout = null)
    {
        var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Work, "tls", "careslot.crt"));
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AllowAutoRedirect = false,
            UseCookies = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(certificate.RawData) },
        };
        return new HttpClient(handler) { BaseAddress = Site, Timeout = timeout ?? TimeSpan.FromSeconds(60) };
    }

    /// <summary>
    /// A client of one instance, bypassing nginx. The instances trust 127.0.0.1 as their proxy, so the header says what
    /// nginx would: the client came over HTTPS (otherwise the instance redirects to the HTTPS site).
    /// </summary>
    public static HttpClient InstanceClient(int index)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = InstanceAddress(index),
            Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        return client;
    }

    public static Uri InstanceAddress(int index) => new($"http://127.0.0.1:{AppPorts[index]}/");

    public static int InstancePid(int index) =>
        int.Parse(File.ReadAllLines(Path.Combine(Work, "run", $"app{index + 1}.pid"))[0], CultureInfo.InvariantCulture);

    public static int PidOf(string name) =>
        int.Parse(File.ReadAllLines(Path.Combine(Work, "run", $"{name}.pid"))[0], CultureInfo.InvariantCulture);

    /// <summary>Brings back whatever part is stopped (the script starts only what is not running) and waits until ready.</summary>
    public static async Task UpAsync()
    {
        var (code, output) = await RunAsync("bash", Path.Combine(Repository, "ops", "topology.sh"), "up");
        if (code != 0) throw new InvalidOperationException("ops/topology.sh up failed:\n" + output);
    }

    /// <summary>PostgreSQL's own tools run as the postgres user when the tests run as root, as the script does.</summary>
    public static Task<(int Code, string Output)> PgCtlAsync(string cluster, params string[] arguments)
    {
        string[] command = [Path.Combine(PgBin, "pg_ctl"), "-D", Path.Combine(Work, "pg", cluster), .. arguments];
        return Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", .. command]) : RunAsync(command[0], command[1..]);
    }

    public static async Task<(int Code, string Output)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>kill -9: .NET's Kill sends SIGKILL on Linux, so the process gets no chance to finish anything.</summary>
    public static void KillHard(int pid) => Process.GetProcessById(pid).Kill(entireProcessTree: false);

    /// <summary>Polls an instance's readiness until it answers 200 (Healthy or Degraded).</summary>
    public static async Task WaitReadyAsync(int index, TimeSpan limit)
    {
        using var client = InstanceClient(index);
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            try
            {
                using var response = await client.GetAsync("health/ready");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"instance {index + 1} not ready after {limit.TotalSeconds:F0} s");
    }

    public static async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }
}
