using System.Security.Claims;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace CareSlot.Web.Features.Records;

/// <summary>
/// Asks the record's authorization handlers and audits a refusal, so no refused attempt at health information goes
/// unrecorded. An allowed access is audited by the use case once it has happened (a write in its own transaction).
/// </summary>
public sealed class RecordGate(IAuthorizationService authorization, AuditTrail audit)
{
    public async Task<bool> AllowsAsync(ClaimsPrincipal user, object resource, OperationAuthorizationRequirement operation, Guid patientId,
        string record, CancellationToken ct)
    {
        if ((await authorization.AuthorizeAsync(user, resource, operation)).Succeeded) return true;
        await audit.RecordAsync(new AuditEvent(operation.Name!, AuditOutcome.Refused, patientId, record), ct);
        return false;
    }
}
