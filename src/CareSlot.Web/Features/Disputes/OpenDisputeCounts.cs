using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Features.Disputes;

/// <param name="ByState">Disputes in progress per state (open, under review, awaiting party); a state with none is 0.</param>
/// <param name="Overdue">Of those, how many have been in their state longer than its target.</param>
public sealed record DisputeCounts(IReadOnlyDictionary<DisputeState, int> ByState, int Overdue)
{
    public int Total => ByState.Values.Sum();
}

/// <summary>The dashboard's figure of disputes in progress: counted in the database, nothing read but states and times.</summary>
public sealed class OpenDisputeCounts(CareSlotDb db, IClock clock, IOptions<DisputeOptions> options)
{
    public static readonly DisputeState[] InProgress = [DisputeState.Open, DisputeState.UnderReview, DisputeState.AwaitingParty];

    public async Task<DisputeCounts> GetAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var byState = new Dictionary<DisputeState, int>();
        var overdue = 0;
        foreach (var state in InProgress)
        {
            var since = now - options.Value.Target(state)!.Value;
            byState[state] = await db.Disputes.CountAsync(d => d.State == state, ct);
            overdue += await db.Disputes.CountAsync(d => d.State == state && d.StateSince < since, ct);
        }
        return new DisputeCounts(byState, overdue);
    }
}
