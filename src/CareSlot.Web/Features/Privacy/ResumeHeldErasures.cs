using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Privacy;

/// <summary>
/// Carries out the held erasure requests whose hold has ended (the dispute resolved or withdrawn, the ticket solved or closed),
/// as the person asked: nothing holds them any more, so they complete without an administrator, like a request that was never
/// held, and the person gets the same confirmation. One still held stays held, under whatever holds it now.
/// </summary>
public sealed partial class ResumeHeldErasures(CareSlotDb db, IServiceScopeFactory scopes, ILogger<ResumeHeldErasures> logger)
{
    /// <summary>Requests looked at in one run, oldest first; the rest wait for the next run.</summary>
    public const int BatchSize = 100;

    /// <returns>How many requests it completed.</returns>
    /// <exception cref="InvalidOperationException">Some could not be carried out (the others were); they stay held for the next run.</exception>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var held = await db.ErasureRequests.AsNoTracking().Where(e => e.State == ErasureState.Held)
            .OrderBy(e => e.RequestedAt).Select(e => e.Id).Take(BatchSize).ToListAsync(ct);
        var completed = 0;
        var failed = new List<Exception>();
        foreach (var id in held)
        {
            // Each in a scope of its own: a failure half-way leaves nothing tracked for the next, and does not stop it.
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                // What is still held is held again, unchanged: only a request whose hold ended is carried out.
                var request = await scope.ServiceProvider.GetRequiredService<CompleteErasure>().HandleAsync(id, by: null, ct);
                if (request?.State == ErasureState.Completed) completed++;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(id, exception);
                failed.Add(exception);
            }
        }
        if (failed.Count > 0)
        {
            throw new InvalidOperationException($"{failed.Count} held erasure request(s) could not be carried out; the next run tries them again.",
                new AggregateException(failed));
        }
        return completed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Erasure request {RequestId} could not be carried out; it stays held for the next run")]
    private partial void LogFailed(Guid requestId, Exception exception);
}

/// <summary>
/// Runs <see cref="ResumeHeldErasures"/> every <see cref="PrivacyOptions.ResumeHeldErasuresMinutes"/> on every instance. Two
/// instances may look at one request at once; completing is safe to repeat (an account already anonymised is anonymised again,
/// no second confirmation is sent to its placeholder address), so the worst case is a second audit row.
/// </summary>
public sealed partial class HeldErasuresWorker(IServiceScopeFactory scopes, TimeProvider time, IOptions<PrivacyOptions> options,
    TechnicalProblemLog problems, ILogger<HeldErasuresWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = options.Value.ResumeHeldErasuresMinutes;
        if (minutes <= 0) return; // tests run it explicitly
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var completed = await scope.ServiceProvider.GetRequiredService<ResumeHeldErasures>().RunAsync(stoppingToken);
                if (completed > 0) LogCompleted(completed);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRunFailed(exception);
                await problems.RecordBackgroundFailureAsync(nameof(HeldErasuresWorker), exception, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Completed {Count} held erasure request(s) whose hold had ended")]
    private partial void LogCompleted(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resuming held erasure requests failed; the next run tries again")]
    private partial void LogRunFailed(Exception exception);
}
