using System.Net;
using Npgsql;

namespace CareSlot.Web.Platform.Data;

/// <summary>
/// Whether the PostgreSQL connection string protects what crosses the network (HIPAA §164.312(e), GDPR Art. 32). The
/// SSL mode is the connection string's own setting; production uses <c>SSL Mode=VerifyFull;Root Certificate=/path/ca.crt</c>
/// (docs/security.md, Transport). Npgsql's default, Prefer, falls back to plain text when the server (or anyone in
/// between) offers no TLS, so outside Development a connection to another machine below Require is warned about on start.
/// </summary>
public static partial class PostgresTransport
{
    /// <summary>Why the connection may travel unencrypted, or null when it cannot (or never leaves this machine).</summary>
    public static string? Weakness(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (settings.SslMode >= SslMode.Require) return null;
        var hosts = (settings.Host ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        // A Unix socket or the loopback interface: nothing travels on a network a third party could read.
        if (hosts.Length > 0 && hosts.All(IsLocal)) return null;
        return $"SSL Mode is {settings.SslMode}, which sends queries and health data in plain text when the server offers no TLS; " +
            "set SSL Mode=VerifyFull;Root Certificate=<the server's CA> in ConnectionStrings:Postgres (at least Require).";
    }

    private static bool IsLocal(string host)
    {
        if (host.StartsWith('/')) return true; // the directory of a Unix socket
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address)) return IPAddress.IsLoopback(address);
        var name = host.Split(':')[0]; // host:port in a list of hosts
        return IPAddress.TryParse(name, out var v4) ? IPAddress.IsLoopback(v4) : name.Equals("localhost", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Says so in the log on start, outside Development; the site still starts (a private network may be fine).</summary>
    internal sealed partial class StartupWarning(IConfiguration configuration, IHostEnvironment environment, ILogger<StartupWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (!environment.IsDevelopment() && configuration.GetConnectionString("Postgres") is { Length: > 0 } connectionString
                && Weakness(connectionString) is { } weakness)
            {
                LogWeakness(logger, weakness);
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "The PostgreSQL connection may be unencrypted: {Weakness}")]
        private static partial void LogWeakness(ILogger logger, string weakness);
    }
}
