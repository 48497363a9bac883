using CareSlot.Web.Platform.Observability;
using CareSlot.Web.Platform.Data;
using NodaTime;

namespace CareSlot.Web.Platform.Web.Idempotency;

/// <summary>
/// Deletes idempotency records past their 24 hours, so the table holds about a day of keyed requests. Every instance
/// sweeps; the delete is the same whoever runs it.
/// </summary>
public sealed partial class IdempotencyKeySweeper(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration,
    TechnicalProblemLog problems, ILogger<IdempotencyKeySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = configuration.GetValue(IdempotencyKeys.SweepIntervalSetting, 60);
        if (minutes <= 0) return; // tests sweep explicitly, on their own clock
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var services = scope.ServiceProvider;
                await IdempotencyRecord.DeleteExpiredAsync(services.GetRequiredService<CareSlotDb>(),
                    services.GetRequiredService<IClock>().GetCurrentInstant(), stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSweepFailed(exception);
                await problems.RecordBackgroundFailureAsync(nameof(IdempotencyKeySweeper), exception, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting expired idempotency keys failed; the next tick tries again")]
    private partial void LogSweepFailed(Exception exception);
}
