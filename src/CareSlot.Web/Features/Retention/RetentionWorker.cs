using CareSlot.Web.Platform.Observability;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Retention;

/// <summary>
/// Runs <see cref="PurgeExpiredData"/> on every instance shortly after it starts and then every
/// <see cref="RetentionOptions.RunIntervalHours"/>. Instances may overlap: each batch selects only rows still due, so a
/// second instance removes what the first has not yet, or nothing. A crash loses nothing: the rows are still due next time.
/// </summary>
public sealed partial class RetentionWorker(IServiceScopeFactory scopes, TimeProvider time, IOptions<RetentionOptions> options,
    TechnicalProblemLog problems, ILogger<RetentionWorker> logger) : BackgroundService
{
    /// <summary>Lets the instance finish starting (migrations, the first requests) before the first run.</summary>
    private static readonly TimeSpan FirstRunDelay = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var hours = options.Value.RunIntervalHours;
        if (hours <= 0) return; // tests and the `retention` command run it explicitly
        await Task.Delay(FirstRunDelay, time, stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromHours(hours), time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<PurgeExpiredData>().RunAsync(null, stoppingToken, byJob: true);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRunFailed(exception);
                await problems.RecordBackgroundFailureAsync(nameof(RetentionWorker), exception, stoppingToken);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The retention run failed; the next run goes on where it stopped")]
    private partial void LogRunFailed(Exception exception);
}
