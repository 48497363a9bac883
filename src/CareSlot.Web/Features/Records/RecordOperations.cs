using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace CareSlot.Web.Features.Records;

/// <summary>What may be done with a patient's medical history. The names are the audit trail's actions too.</summary>
public static class RecordOperations
{
    public static readonly OperationAuthorizationRequirement Read = new() { Name = AuditActions.HistoryRead };

    /// <summary>A patient's own entry, or a doctor's allergy or condition.</summary>
    public static readonly OperationAuthorizationRequirement AddEntry = new() { Name = AuditActions.HistoryWrite };

    public static readonly OperationAuthorizationRequirement WriteNote = new() { Name = AuditActions.NoteWrite };

    public static readonly OperationAuthorizationRequirement Amend = new() { Name = AuditActions.HistoryAmend };
}

/// <summary>A patient's whole medical history, the resource of reading and adding to it.</summary>
public sealed record PatientRecord(Guid PatientId);

/// <summary>
/// Who may read or add to a patient's history, decided here and nowhere else: the patient; a doctor in a care
/// relationship with them, in a session with a second factor; an administrator only through open break-glass access,
/// and only to read. Support and everyone else: nobody. Callers answer a refusal with 404, so nothing is revealed.
/// </summary>
public sealed class PatientRecordAuthorizationHandler(CareSlotDb db, CareRelationships relationships, BreakGlass breakGlass)
    : AuthorizationHandler<OperationAuthorizationRequirement, PatientRecord>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement,
        PatientRecord resource)
    {
        if (await Viewer.FromAsync(context.User, db, CancellationToken.None) is not { } viewer) return;
        var allowed = viewer.Actor switch
        {
            Actor.Patient => viewer.AccountId == resource.PatientId && (requirement == RecordOperations.Read || requirement == RecordOperations.AddEntry),
            Actor.Doctor => HasSecondFactor(context) && (requirement == RecordOperations.Read || requirement == RecordOperations.AddEntry)
                && await relationships.ExistsAsync(viewer.DoctorId!.Value, resource.PatientId, CancellationToken.None),
            Actor.Admin => HasSecondFactor(context) && requirement == RecordOperations.Read
                && await breakGlass.IsOpenAsync(viewer.AccountId, resource.PatientId, CancellationToken.None),
            _ => false,
        };
        if (allowed) context.Succeed(requirement);
    }

    internal static bool HasSecondFactor(AuthorizationHandlerContext context) =>
        context.User.HasClaim(AccountPolicies.AuthenticationMethod, AccountPolicies.MultiFactor);
}

/// <summary>
/// Amending an entry: its patient amends their own entries; the doctor who wrote an entry amends it while they still
/// care for the patient. Nobody amends anyone else's words.
/// </summary>
public sealed class RecordEntryAuthorizationHandler(CareSlotDb db, CareRelationships relationships)
    : AuthorizationHandler<OperationAuthorizationRequirement, RecordEntry>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement,
        RecordEntry resource)
    {
        if (requirement != RecordOperations.Amend || await Viewer.FromAsync(context.User, db, CancellationToken.None) is not { } viewer) return;
        var allowed = viewer.Actor switch
        {
            Actor.Patient => resource.Kind == RecordKind.PatientReported && resource.PatientId == viewer.AccountId,
            Actor.Doctor => PatientRecordAuthorizationHandler.HasSecondFactor(context) && resource.DoctorId == viewer.DoctorId
                && await relationships.ExistsAsync(viewer.DoctorId!.Value, resource.PatientId, CancellationToken.None),
            _ => false,
        };
        if (allowed) context.Succeed(requirement);
    }
}

/// <summary>Writing the note of a visit: its own doctor, in a session with a second factor, once it has not been cancelled.</summary>
public sealed class VisitNoteAuthorizationHandler(CareSlotDb db) : AuthorizationHandler<OperationAuthorizationRequirement, Appointment>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement,
        Appointment resource)
    {
        if (requirement != RecordOperations.WriteNote || !PatientRecordAuthorizationHandler.HasSecondFactor(context)) return;
        if (await Viewer.FromAsync(context.User, db, CancellationToken.None) is { Actor: Actor.Doctor } viewer
            && viewer.DoctorId == resource.DoctorId && resource.Status != AppointmentStatus.Cancelled)
        {
            context.Succeed(requirement);
        }
    }
}
