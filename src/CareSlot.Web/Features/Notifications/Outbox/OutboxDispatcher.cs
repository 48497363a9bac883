using CareSlot.Web.Platform.Observability;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Notifications.Outbox;

/// <summary>
/// Runs <see cref="DispatchOutbox"/> in the background on every instance; the claims keep them from sending
/// one message twice. On shutdown the message being sent is finished and the rest of the batch released.
/// </summary>
public sealed partial class OutboxDispatcher(IServiceScopeFactory scopes, IOptions<NotificationOptions> options, OutboxSignal signal,
    TechnicalProblemLog problems, ILogger<OutboxDispatcher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.DispatchIntervalMilliseconds;
        if (interval <= 0) return;
        // Real time, not the app's clock: this is how often to look, and a test clock that stands still must not stop it.
        // A queued account message wakes it at once: someone is waiting at the screen for that link or code.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                int claimed;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    claimed = await scope.ServiceProvider.GetRequiredService<DispatchOutbox>().RunOnceAsync(stoppingToken);
                }
                while (claimed == options.Value.BatchSize && !stoppingToken.IsCancellationRequested);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogDispatchFailed(exception);
                await problems.RecordBackgroundFailureAsync(nameof(OutboxDispatcher), exception, stoppingToken);
            }
            await signal.WaitAsync(TimeSpan.FromMilliseconds(interval), stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dispatching the outbox failed; the next tick tries again")]
    private partial void LogDispatchFailed(Exception exception);
}
