namespace CareSlot.Web.Platform.Observability;

/// <summary>
/// Background work on a timer of the injected <see cref="TimeProvider"/>, on every instance (the work must be safe to run
/// twice at once). A failed run is logged and recorded for the administrators' problems page, and the next run tries again.
/// </summary>
public abstract partial class PeriodicWork(TimeProvider time, TechnicalProblemLog problems, ILogger logger) : BackgroundService
{
    /// <summary>Time between runs; zero or less turns the work off (tests run it themselves, on their own clock).</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>Time from the start to the first run: one interval, unless the work says otherwise.</summary>
    protected virtual TimeSpan FirstRun => Interval;

    protected abstract Task RunAsync(CancellationToken ct);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = Interval;
        if (interval <= TimeSpan.Zero) return;
        if (FirstRun > TimeSpan.Zero) await Task.Delay(FirstRun, time, stoppingToken);
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await RunAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRunFailed(GetType().Name, exception);
                await problems.RecordBackgroundFailureAsync(GetType().Name, exception, stoppingToken);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Work} failed; the next run tries again")]
    private partial void LogRunFailed(string work, Exception exception);
}
