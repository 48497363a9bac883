using CareSlot.Web.Platform.Observability;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Platform.Security.Encryption;

/// <summary>
/// Once per start, in the background, seals what an encrypted column still holds from before it was encrypted
/// (<see cref="RotationScope.Plaintext"/>): no operator has to remember a step, the app serves meanwhile (readers use
/// <see cref="FieldProtector.OpenOrLegacy"/>), and instances starting together only skip each other's rows. When
/// nothing is left, this is one count per column. ADR 0013.
/// </summary>
public sealed partial class PlaintextSealing(IServiceScopeFactory scopes, IOptions<PhiKeysOptions> options, FieldProtector protector,
    TechnicalProblemLog problems, ILogger<PlaintextSealing> logger) : BackgroundService
{
    private readonly TaskCompletionSource<RotationResult?> completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The pass of this start: its result, or null when it is switched off or failed.</summary>
    public Task<RotationResult?> Completed => completed.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The protector is taken in the constructor so that the key ring loads (or refuses) at start, not at the first booking.
        _ = protector;
        if (!options.Value.SealPlaintextOnStart)
        {
            completed.TrySetResult(null);
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<PhiRotation>()
                .RunAsync(RotationScope.Plaintext, PhiRotation.DefaultBatchSize, progress: null, stoppingToken);
            if (result.Resealed > 0) LogSealed(result.Resealed, result.Elapsed.TotalSeconds);
            completed.TrySetResult(result);
        }
        catch (OperationCanceledException)
        {
            completed.TrySetResult(null);
        }
        catch (Exception exception)
        {
            LogFailed(exception);
            await problems.RecordBackgroundFailureAsync(nameof(PlaintextSealing), exception, stoppingToken);
            completed.TrySetResult(null);
        }
    }

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "Sealed {Count} values stored before their column was encrypted, in {Seconds:F1} s")]
    private partial void LogSealed(long count, double seconds);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Error, Message = "Sealing values stored before encryption failed; the next start or rotate-keys tries again")]
    private partial void LogFailed(Exception exception);
}
