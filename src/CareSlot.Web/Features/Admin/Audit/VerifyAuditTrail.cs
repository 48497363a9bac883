using System.Globalization;
using CareSlot.Web.Platform.Security.Audit;

namespace CareSlot.Web.Features.Admin.Audit;

/// <summary>
/// `verify-audit` for an administrator at the page or the API: the same walk of every lane (<see cref="AuditVerifier"/>),
/// and a row saying that it ran and what it found (<see cref="AuditActions.AuditVerified"/>).
/// </summary>
public sealed class VerifyAuditTrail(AuditVerifier verifier, AuditTrail trail)
{
    public async Task<AuditVerification> HandleAsync(CancellationToken ct)
    {
        var result = await verifier.VerifyAsync(anchor: null, progress: null, ct);
        var record = result.Intact
            ? string.Create(CultureInfo.InvariantCulture, $"audit-trail intact, {result.RowsChecked} rows")
            : string.Create(CultureInfo.InvariantCulture, $"audit-trail broken at {result.Broken}, {result.RowsChecked} rows sound before it");
        await trail.RecordAsync(new AuditEvent(AuditActions.AuditVerified, AuditOutcome.Allowed, Record: record), ct);
        return result;
    }
}
