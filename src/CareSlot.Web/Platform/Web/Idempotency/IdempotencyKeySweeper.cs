using CareSlot.Web.Platform.Observability;
using CareSlot.Web.Platform.Data;
using NodaTime;

namespace CareSlot.Web.Platform.Web.Idempotency;

/// <summary>
/// Deletes idempotency records past their 24 hours, so the table holds about a day of keyed requests. Every instance
/// sweeps; the delete is the same whoever runs it.
/// </summary>
public sealed class IdempotencyKeySweeper(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration,
    TechnicalProblemLog problems, ILogger<IdempotencyKeySweeper> logger) : PeriodicWork(time, problems, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(configuration.GetValue(IdempotencyKeys.SweepIntervalSetting, 60));

    protected override async Task RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await IdempotencyRecord.DeleteExpiredAsync(services.GetRequiredService<CareSlotDb>(), services.GetRequiredService<IClock>().GetCurrentInstant(), ct);
    }
}
