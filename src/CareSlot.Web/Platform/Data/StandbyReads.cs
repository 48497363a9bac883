using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CareSlot.Web.Platform.Data;

/// <summary>
/// Where the PostgreSQL connection string points. Several hosts (<c>Host=a:5433,b:5434</c>) mean a primary and standbys:
/// <see cref="PrimaryConnectionString"/> then asks for the primary by name (<c>Target Session Attributes=primary</c>), for
/// what opens its own connection (LISTEN, pg_dump). One host is exactly the connection string as given.
/// </summary>
public sealed record PostgresTopology(string PrimaryConnectionString, bool HasStandby)
{
    public static PostgresTopology From(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (Hosts(settings.Host).Count <= 1) return new(connectionString, HasStandby: false);
        settings.TargetSessionAttributes = "primary";
        return new(settings.ConnectionString, HasStandby: true);
    }

    /// <summary>Each host of an Npgsql <c>Host</c> setting with its port, when it names one (<c>a:5433</c>, <c>[::1]:5433</c>).</summary>
    public static IReadOnlyList<(string Host, int? Port)> Hosts(string? hostSetting) =>
        [.. (hostSetting ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(SplitPort)];

    private static (string Host, int? Port) SplitPort(string host)
    {
        var colon = host.LastIndexOf(':');
        // An IPv6 address without a port has colons inside its brackets (or no brackets at all).
        if (colon < 0 || host.IndexOf(']', StringComparison.Ordinal) > colon || (!host.StartsWith('[') && host.IndexOf(':', StringComparison.Ordinal) != colon))
        {
            return (host, null);
        }
        return int.TryParse(host.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? (host[..colon].Trim('[', ']'), port)
            : (host, null);
    }
}

/// <summary>
/// The model on a standby's session (prefer-standby: the primary while no standby answers), for reads that may be a
/// little behind: the directory and the free time it shows. Registered only when the connection string names a standby.
/// Saving is refused: a standby cannot write, and a write here would be a bug that only shows in production.
/// </summary>
public sealed class ReadReplicaDb(DbContextOptions<ReadReplicaDb> options) : CareSlotDb(options)
{
    public override int SaveChanges(bool acceptAllChangesOnSuccess) => throw ReadOnly();

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        throw ReadOnly();

    private static InvalidOperationException ReadOnly() =>
        new($"{nameof(ReadReplicaDb)} reads from a standby and cannot save; write through {nameof(CareSlotDb)}.");
}

/// <summary>
/// The database for reads that may come from a standby: the directory search, doctor profiles and slot listings. Never for
/// anything that decides a booking or shows a person their own data. It is the primary's <see cref="CareSlotDb"/> without a
/// standby, during a request that writes, and for a signed-in person who wrote within
/// <see cref="DatabaseOptions.ReadYourWritesSeconds"/> (<see cref="ReadYourWrites"/>), so they see what they just did.
/// </summary>
public sealed class StandbyReads(IServiceProvider services)
{
    private bool primaryOnly;

    /// <summary>Whether <see cref="Db"/> is on a standby's session (falling back to the primary when none answers).</summary>
    public bool MayUseStandby => !primaryOnly && services.GetService<PostgresTopology>() is { HasStandby: true };

    public CareSlotDb Db => MayUseStandby ? services.GetRequiredService<ReadReplicaDb>() : services.GetRequiredService<CareSlotDb>();

    /// <summary>For the rest of this scope, reads go to the primary.</summary>
    public void UsePrimary() => primaryOnly = true;
}

/// <summary>
/// This instance's memory of who wrote lately, for API clients that do not send cookies back: it holds for requests
/// this instance serves. The cookie <see cref="ReadYourWrites.CookieName"/> holds on every instance. A writer is known by
/// account and by a hash of the request's Authorization header: the directory's endpoints ask for no sign-in, so a bearer
/// token is not read there, and recognising the header costs a hash where reading the token would cost a database look-up.
/// </summary>
public sealed class RecentWriters
{
    /// <summary>Past this many remembered writers, lapsed ones are swept, at most once a second.</summary>
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> until = new(StringComparer.Ordinal);
    private long lastSweepTicks;

    public void Wrote(HttpContext context, DateTimeOffset now, DateTimeOffset readFromPrimaryUntil)
    {
        foreach (var key in Keys(context)) until[key] = readFromPrimaryUntil;
        if (until.Count <= SweepAbove) return;
        var last = Interlocked.Read(ref lastSweepTicks);
        if (now.UtcTicks - last < TimeSpan.TicksPerSecond || Interlocked.CompareExchange(ref lastSweepTicks, now.UtcTicks, last) != last) return;
        foreach (var (key, end) in until)
        {
            if (end <= now) until.TryRemove(KeyValuePair.Create(key, end));
        }
    }

    public bool WroteRecently(HttpContext context, DateTimeOffset now)
    {
        if (until.IsEmpty) return false;
        foreach (var key in Keys(context))
        {
            if (!until.TryGetValue(key, out var end)) continue;
            if (end > now) return true;
            until.TryRemove(KeyValuePair.Create(key, end));
        }
        return false;
    }

    private static IEnumerable<string> Keys(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated == true && context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } account)
        {
            yield return "account:" + account;
        }
        if (context.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization)
        {
            yield return "authorization:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(authorization)));
        }
    }
}

/// <summary>
/// Read-your-writes with a standby. A request that writes (any method but GET, HEAD, OPTIONS, TRACE) reads from the primary
/// throughout; when it succeeds (below 400) for a signed-in person, their reads go to the primary for
/// <see cref="DatabaseOptions.ReadYourWritesSeconds"/>: a cookie holding the end of that window (sent back to whichever
/// instance serves the next request) and, for clients that keep no cookies, this instance's <see cref="RecentWriters"/>.
/// Without a standby this adds nothing to the pipeline.
/// </summary>
public static class ReadYourWrites
{
    public const string CookieName = "careslot.fresh";

    public static IApplicationBuilder UseReadYourWrites(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetService<PostgresTopology>() is not { HasStandby: true }) return app;
        var window = TimeSpan.FromSeconds(app.ApplicationServices.GetRequiredService<IOptions<DatabaseOptions>>().Value.ReadYourWritesSeconds);
        var time = app.ApplicationServices.GetRequiredService<TimeProvider>();
        var writers = app.ApplicationServices.GetRequiredService<RecentWriters>();

        return app.Use(async (context, next) =>
        {
            var now = time.GetUtcNow();
            var writing = !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                || HttpMethods.IsOptions(context.Request.Method) || HttpMethods.IsTrace(context.Request.Method));
            if (writing || WithinCookieWindow(context.Request, now, window) || writers.WroteRecently(context, now))
            {
                context.RequestServices.GetRequiredService<StandbyReads>().UsePrimary();
            }
            if (writing && window > TimeSpan.Zero)
            {
                context.Response.OnStarting(() =>
                {
                    if (context.Response.StatusCode < 400 && context.User.Identity?.IsAuthenticated == true)
                    {
                        var end = now + window;
                        writers.Wrote(context, now, end);
                        context.Response.Cookies.Append(CookieName, end.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), new CookieOptions
                        {
                            HttpOnly = true,
                            Secure = context.Request.IsHttps,
                            SameSite = SameSiteMode.Lax,
                            Path = "/",
                            MaxAge = window,
                            IsEssential = true,
                        });
                    }
                    return Task.CompletedTask;
                });
            }
            await next(context);
        });
    }

    /// <summary>
    /// Whether the cookie's window is still open. A client can forge the cookie, which only sends its own reads to the
    /// primary; the window is capped, so a forged far end is worth no more than a real one.
    /// </summary>
    private static bool WithinCookieWindow(HttpRequest request, DateTimeOffset now, TimeSpan window) =>
        request.Cookies[CookieName] is { Length: > 0 and <= 20 } text
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
        && milliseconds > now.ToUnixTimeMilliseconds()
        && milliseconds <= (now + window).ToUnixTimeMilliseconds();
}

/// <summary>
/// Whether a standby answers, and how far behind its replay is. Degraded, never Unhealthy, when none answers (the
/// directory and slot reads then go to the primary by themselves: the instance still serves, the primary carries all the
/// reads), when its replay is paused, or when it is more than <see cref="TolerableLag"/> behind (its readers see a
/// directory that old).
/// </summary>
public sealed class StandbyCheck(NpgsqlMultiHostDataSource hosts) : IHealthCheck
{
    public static readonly TimeSpan TolerableLag = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var connection = await hosts.OpenConnectionAsync(TargetSessionAttributes.Standby, timeout.Token);
            // Everything received is applied: no lag, however long ago the primary last committed.
            await using var command = new NpgsqlCommand("""
                SELECT pg_is_wal_replay_paused(),
                       CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                            ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0) END::float8
                """, connection);
            await using var reader = await command.ExecuteReaderAsync(timeout.Token);
            await reader.ReadAsync(timeout.Token);
            var paused = reader.GetBoolean(0);
            var lag = TimeSpan.FromSeconds(Math.Max(0, reader.GetDouble(1)));
            var seconds = lag.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
            if (paused) return HealthCheckResult.Degraded($"A standby answers, but its replay is paused ({seconds} s behind).");
            return lag > TolerableLag
                ? HealthCheckResult.Degraded($"A standby answers, {seconds} s behind: directory and slot reads show a state that old.")
                : HealthCheckResult.Healthy($"A standby answers, {seconds} s behind.");
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Degraded("No standby answers: directory and slot reads go to the primary.", exception);
        }
    }
}
