using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Features.Privacy;

/// <summary>
/// Carries out the erasure requests that nothing holds any more, as the person asked, without an administrator and with the
/// same confirmation as a request that was never held: a held one whose hold has ended (the dispute resolved or withdrawn, the
/// ticket solved or closed), and a pending one that was interrupted half-way (the instance stopped; completing is safe to
/// repeat). One still held stays held, under whatever holds it now.
/// </summary>
public sealed partial class ResumeErasures(CareSlotDb db, IServiceScopeFactory scopes, IClock clock, ILogger<ResumeErasures> logger)
{
    /// <summary>
    /// A pending request this old was interrupted: one that runs completes within seconds, and taking it up sooner could run
    /// it twice at once.
    /// </summary>
    public static readonly Duration InterruptedAfter = Duration.FromMinutes(15);

    /// <returns>How many requests it completed.</returns>
    /// <exception cref="InvalidOperationException">Some could not be carried out (the others were); the next run tries them again.</exception>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var interrupted = clock.GetCurrentInstant() - InterruptedAfter;
        var open = await db.ErasureRequests.AsNoTracking()
            .Where(e => e.State == ErasureState.Held || (e.State == ErasureState.Pending && e.RequestedAt < interrupted))
            // All of them, oldest first: a batch would look at the same still-held ones on every run and never reach the rest.
            .OrderBy(e => e.RequestedAt).Select(e => e.Id).ToListAsync(ct);
        var completed = 0;
        var failed = new List<Exception>();
        foreach (var id in open)
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
            throw new InvalidOperationException($"{failed.Count} erasure request(s) could not be carried out; the next run tries them again.",
                new AggregateException(failed));
        }
        return completed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Erasure request {RequestId} could not be carried out; the next run tries it again")]
    private partial void LogFailed(Guid requestId, Exception exception);
}

/// <summary>
/// Runs <see cref="ResumeErasures"/> every <see cref="PrivacyOptions.ResumeErasuresMinutes"/> on every instance. Two
/// instances may look at one request at once; completing is safe to repeat (an account already anonymised is anonymised again,
/// no second confirmation is sent to its placeholder address), so the worst case is a second audit row.
/// </summary>
public sealed partial class ErasuresWorker(IServiceScopeFactory scopes, TimeProvider time, IOptions<PrivacyOptions> options,
    TechnicalProblemLog problems, ILogger<ErasuresWorker> logger) : PeriodicWork(time, problems, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(options.Value.ResumeErasuresMinutes);

    protected override async Task RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var completed = await scope.ServiceProvider.GetRequiredService<ResumeErasures>().RunAsync(ct);
        if (completed > 0) LogCompleted(completed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Completed {Count} erasure request(s) that nothing held any more")]
    private partial void LogCompleted(int count);
}
