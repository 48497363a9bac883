using System.Globalization;
using CareSlot.Web.Features.Retention.Compliance;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Privacy;

/// <summary>
/// `compliance-report`'s erasure item. A request completes at once unless a dispute or ticket holds it, so one still
/// pending after a day was interrupted and <see cref="ResumeErasures"/> could not carry it out either (FAIL: complete it from
/// /admin/privacy/erasures); a held one is a WARN until it is a
/// month old, the time GDPR Art. 12(3) gives to act on it, then a FAIL.
/// </summary>
public sealed class PendingErasuresCheck(CareSlotDb db, IClock clock) : IComplianceCheck
{
    public static readonly Duration StuckAfter = Duration.FromDays(1);
    public static readonly Duration HeldAtMost = Duration.FromDays(30);

    public async Task<ComplianceItem> CheckAsync(CancellationToken ct)
    {
        const string name = "pending erasures";
        var now = clock.GetCurrentInstant();
        var open = await db.ErasureRequests.AsNoTracking().Where(e => e.State != ErasureState.Completed)
            .Select(e => new { e.State, e.RequestedAt }).ToListAsync(ct);
        var stuck = open.Count(e => e.State == ErasureState.Pending && now - e.RequestedAt > StuckAfter);
        var overdue = open.Count(e => e.State == ErasureState.Held && now - e.RequestedAt > HeldAtMost);
        var held = open.Count(e => e.State == ErasureState.Held);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"{open.Count} open: {held} held by a dispute or ticket ({overdue} for over 30 days), {stuck} pending for over a day");
        var status = stuck + overdue > 0 ? ComplianceStatus.Fail : held > 0 ? ComplianceStatus.Warn : ComplianceStatus.Ok;
        return new(name, status, detail);
    }
}
