using CareSlot.Web.Platform.Observability;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Retention;

/// <summary>
/// Runs <see cref="PurgeExpiredData"/> on every instance shortly after it starts and then every
/// <see cref="RetentionOptions.RunIntervalHours"/>. Instances may overlap: each batch selects only rows still due, so a
/// second instance removes what the first has not yet, or nothing. A crash loses nothing: the rows are still due next time.
/// </summary>
public sealed class RetentionWorker(IServiceScopeFactory scopes, TimeProvider time, IOptions<RetentionOptions> options,
    TechnicalProblemLog problems, ILogger<RetentionWorker> logger) : PeriodicWork(time, problems, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(options.Value.RunIntervalHours);

    /// <summary>Lets the instance finish starting (migrations, the first requests) before the first run.</summary>
    protected override TimeSpan FirstRun => TimeSpan.FromMinutes(5);

    protected override async Task RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PurgeExpiredData>().RunAsync(null, ct, byJob: true);
    }
}
