using CareSlot.Web.Platform.Observability;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CareSlot.Web.Features.Accounts;

/// <summary>
/// Sessions an administrator ended, checked on every request in memory (ADR 0016): the suspended accounts, and the security
/// stamps an administrator's action replaced (a forced password reset, a two-factor reset). The security stamp alone is
/// re-read only once a minute per session; this set answers at once, without a database read per request. Each instance loads
/// the suspended accounts once; changes reach it from this instance directly (<see cref="Apply"/>) and, on PostgreSQL, from
/// every instance by <c>NOTIFY</c> sent in the change's own transaction (<see cref="NotifyAsync"/>, heard by
/// <see cref="SessionRevocationListener"/>), so a rollback ends nobody's session.
/// </summary>
public sealed class SessionRevocations(IServiceScopeFactory scopes, IOptions<IdentityOptions> identity) : IDisposable
{
    public const string Channel = "careslot_account_sessions";

    private readonly SemaphoreSlim loading = new(1, 1);
    private readonly ConcurrentDictionary<Guid, byte> suspended = new();
    private readonly ConcurrentDictionary<(Guid Account, string Stamp), byte> revokedStamps = new();
    private volatile bool loaded;
    private long changes;

    /// <summary>Whether the signed-in <paramref name="principal"/>'s session may go on (true for one without an account).</summary>
    public async ValueTask<bool> AllowsAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        var claims = identity.Value.ClaimsIdentity;
        if (!Guid.TryParse(principal.FindFirstValue(claims.UserIdClaimType), out var accountId)) return true;
        if (!loaded) await LoadAsync(ct);
        if (suspended.ContainsKey(accountId)) return false;
        return revokedStamps.IsEmpty || principal.FindFirstValue(claims.SecurityStampClaimType) is not { } stamp
            || !revokedStamps.ContainsKey((accountId, stamp));
    }

    public void Dispose() => loading.Dispose();

    public bool IsSuspended(Guid accountId) => suspended.ContainsKey(accountId);

    /// <summary>A change told by this instance or another: <c>suspended:ID</c>, <c>reactivated:ID</c>, <c>revoked:ID:STAMP</c>.</summary>
    public void Apply(string payload)
    {
        var parts = payload.Split(':', 3);
        if (parts.Length < 2 || !Guid.TryParseExact(parts[1], "N", out var accountId)) return;
        Interlocked.Increment(ref changes);
        switch (parts[0])
        {
            case "suspended":
                suspended[accountId] = 0;
                break;
            case "reactivated":
                suspended.TryRemove(accountId, out _);
                break;
            case "revoked" when parts.Length == 3:
                // A replaced stamp never comes back (stamps are random), so the entry only ever refuses old sessions.
                revokedStamps[(accountId, parts[2])] = 0;
                break;
        }
    }

    public static string Suspended(Guid accountId) => $"suspended:{accountId:N}";

    public static string Reactivated(Guid accountId) => $"reactivated:{accountId:N}";

    public static string Revoked(Guid accountId, string stamp) => string.Create(CultureInfo.InvariantCulture, $"revoked:{accountId:N}:{stamp}");

    /// <summary>
    /// On PostgreSQL, tells every instance (this one included) once the caller's transaction commits; nothing on SQLite,
    /// which has one instance. The caller also <see cref="Apply"/>s the change here after its commit.
    /// </summary>
    public static async Task NotifyAsync(CareSlotDb db, string payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {payload})", ct);
    }

    /// <summary>
    /// Reads the suspended accounts afresh (at the first request, and whenever the listener (re)connects, since notices sent
    /// while it was away are lost). A load that overlapped a change is read again, so it cannot undo that change.
    /// </summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        await loading.WaitAsync(ct);
        try
        {
            while (true)
            {
                var seen = Interlocked.Read(ref changes);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
                var ids = await db.Users.AsNoTracking().Where(a => a.SuspendedAt != null).Select(a => a.Id).ToListAsync(ct);
                if (Interlocked.Read(ref changes) != seen) continue;
                foreach (var id in suspended.Keys.Except(ids)) suspended.TryRemove(id, out _);
                foreach (var id in ids) suspended[id] = 0;
                loaded = true;
                return;
            }
        }
        finally
        {
            loading.Release();
        }
    }
}

/// <summary>On PostgreSQL, hears every instance's suspensions and ended sessions (<see cref="SessionRevocations"/>).</summary>
public sealed partial class SessionRevocationListener(IServiceScopeFactory scopes, SessionRevocations revocations, TimeProvider time,
    TechnicalProblemLog problems, ILogger<SessionRevocationListener> logger) : BackgroundService
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once this instance hears the channel (never on SQLite, which has one instance).</summary>
    public Task Listening => listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? connectionString;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
            if (!db.Database.IsNpgsql()) return;
            // The primary by name: a standby refuses LISTEN, and the notices come from the primary's commits.
            connectionString = scope.ServiceProvider.GetRequiredService<PostgresTopology>().PrimaryConnectionString;
        }
        connectionString = new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 30, Pooling = false }.ConnectionString;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, notice) => revocations.Apply(notice.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {SessionRevocations.Channel}", connection)) await listen.ExecuteNonQueryAsync(stoppingToken);
                // Listening first, then reading: a suspension committed in between is both read and heard, never missed.
                await revocations.LoadAsync(stoppingToken);
                listening.TrySetResult();
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogListenFailed(exception);
                await problems.RecordBackgroundFailureAsync(nameof(SessionRevocationListener), exception, stoppingToken);
                await Task.Delay(ReconnectDelay, time, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for other instances' suspensions failed; reconnecting")]
    private partial void LogListenFailed(Exception exception);
}
