using CareSlot.Web.Platform.Observability;
using System.Globalization;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CareSlot.Web.Features.DoctorTime;

/// <summary>
/// On PostgreSQL, evicts this instance's <see cref="DoctorCaches"/> when the database announces a change to a doctor's
/// time, whichever instance made it (ADR 0008).
/// </summary>
public sealed partial class DoctorTimeListener(IServiceScopeFactory scopes, DoctorCaches caches, TimeProvider time,
    TechnicalProblemLog problems, ILogger<DoctorTimeListener> logger) : BackgroundService
{
    /// <summary>The channel the triggers notify; payloads are <c>busy:ID</c>, <c>schedule:ID</c> or <c>schedule:*</c>.</summary>
    public const string Channel = "careslot_doctor_time";

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
        // Keepalives notice a connection that died quietly, so a lost server is reconnected (and the caches cleared).
        connectionString = new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 30, Pooling = false }.ConnectionString;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, notice) => Apply(notice.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection)) await listen.ExecuteNonQueryAsync(stoppingToken);
                caches.Clear();
                listening.TrySetResult();
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                caches.Clear();
                LogListenFailed(exception);
                await problems.RecordBackgroundFailureAsync(nameof(DoctorTimeListener), exception, stoppingToken);
                await Task.Delay(ReconnectDelay, time, stoppingToken);
            }
        }
    }

    private void Apply(string payload)
    {
        var separator = payload.IndexOf(':', StringComparison.Ordinal);
        if (separator < 0) return;
        var kind = payload[..separator] switch
        {
            "busy" => DoctorCacheKind.BusyTime,
            "schedule" => DoctorCacheKind.Schedule,
            _ => (DoctorCacheKind?)null,
        };
        if (kind is null) return;
        var doctor = payload[(separator + 1)..];
        if (doctor == "*") caches.Clear();
        else if (int.TryParse(doctor, NumberStyles.None, CultureInfo.InvariantCulture, out var doctorId)) caches.Evict(kind.Value, doctorId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for other instances' schedule changes failed; caches cleared, reconnecting")]
    private partial void LogListenFailed(Exception exception);
}
