using CareSlot.Web.Platform.Observability;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Platform.Operations.Backups;

/// <summary>
/// Backs up at every occurrence of <c>Backup:Schedule</c>. Every instance wakes; the one that claims the occurrence
/// (a unique row) backs up, so N instances make one backup.
/// </summary>
public sealed partial class ScheduledBackups(IServiceScopeFactory scopes, TimeProvider time, IOptions<BackupOptions> options,
    TechnicalProblemLog problems, ILogger<ScheduledBackups> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Scheduled) return;
        var cron = settings.Cron();
        var zone = settings.Zone();
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            if (cron.GetNextOccurrence(now, zone) is not { } next) return;
            await Task.Delay(next - now, time, stoppingToken);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var backups = scope.ServiceProvider.GetRequiredService<DatabaseBackups>();
                if (await backups.ClaimScheduledAsync(Instant.FromDateTimeOffset(next), stoppingToken) is { } run)
                {
                    var result = await backups.BackUpAsync(null, BackupTrigger.Scheduled, null, stoppingToken, run);
                    LogBackedUp(result.Path, result.Size);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(exception);
                await problems.RecordBackgroundFailureAsync(nameof(ScheduledBackups), exception, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled backup written: {Path} ({Size} bytes)")]
    private partial void LogBackedUp(string path, long size);

    [LoggerMessage(Level = LogLevel.Error, Message = "The scheduled backup failed; it is recorded on the backups page and tried again at the next occurrence")]
    private partial void LogFailed(Exception exception);
}

/// <summary>Amber (Degraded) when the newest good backup is older than the schedule allows; an instance still serves.</summary>
public sealed class BackupFreshnessCheck(IBackupStatus backups) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var freshness = await backups.FreshnessAsync(cancellationToken);
        if (!freshness.Scheduled) return HealthCheckResult.Healthy("Scheduled backups are off (Backup:Schedule).");
        if (freshness.Age is not { } age) return new HealthCheckResult(context.Registration.FailureStatus, "No good backup yet.");
        return freshness.IsOverdue
            ? new HealthCheckResult(context.Registration.FailureStatus, $"Last good backup {age.TotalHours:N1} h ago; the schedule allows {freshness.AllowedAge.TotalHours:N1} h.")
            : HealthCheckResult.Healthy($"Last good backup {age.TotalHours:N1} h ago.");
    }
}
