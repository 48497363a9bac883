using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.HelpDesk;

/// <summary>What a support agent may do for a person who asked for help. The names are the audit trail's actions too.</summary>
public static class SupportOperations
{
    /// <summary>Who they are, how to reach them, whether they are verified, and their appointments' times, doctors and statuses.</summary>
    public static readonly OperationAuthorizationRequirement LookUpAccount = new() { Name = AuditActions.SupportAccountRead };

    public static readonly OperationAuthorizationRequirement ResendVerification = new() { Name = AuditActions.SupportVerificationResent };

    public static readonly OperationAuthorizationRequirement BookForPatient = new() { Name = AuditActions.SupportAppointmentBooked };

    public static readonly OperationAuthorizationRequirement MoveForPatient = new() { Name = AuditActions.SupportAppointmentMoved };

    public static readonly OperationAuthorizationRequirement CancelForPatient = new() { Name = AuditActions.SupportAppointmentCancelled };

    public static readonly IReadOnlyList<OperationAuthorizationRequirement> OnAppointments = [BookForPatient, MoveForPatient, CancelForPatient];
}

/// <summary>The account a support agent works on, with the roles that decide what they may do with it.</summary>
public sealed record SupportedAccount(Guid Id, bool IsPatient, bool IsDoctor, bool IsStaff)
{
    public static async Task<SupportedAccount?> FindAsync(CareSlotDb db, Guid id, CancellationToken ct)
    {
        var roles = await db.UserRoles.Where(r => r.UserId == id).Join(db.Roles, r => r.RoleId, x => x.Id, (_, x) => x.Name!).ToListAsync(ct);
        if (roles.Count == 0 && !await db.Users.AnyAsync(a => a.Id == id, ct)) return null;
        return new SupportedAccount(id, roles.Contains(Roles.Patient), roles.Contains(Roles.Doctor), roles.Contains(Roles.Admin) || roles.Contains(Roles.Support));
    }
}

/// <summary>
/// Support's operations, decided here and nowhere else: an agent (the Support role, or an administrator) in a session with a
/// second factor helps patients and doctors — never another member of staff, whose account only administrators manage.
/// Booking, moving and cancelling are for patients, at their request. Clinical content is no operation at all: the records'
/// and messages' own handlers refuse the Support role, and callers answer every refusal with 404.
/// </summary>
public sealed class SupportOperationAuthorizationHandler : AuthorizationHandler<OperationAuthorizationRequirement, SupportedAccount>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement,
        SupportedAccount resource)
    {
        var allowed = TicketDesk.IsAgent(context.User) && !resource.IsStaff
            && (SupportOperations.OnAppointments.Contains(requirement) ? resource.IsPatient : resource.IsPatient || resource.IsDoctor);
        if (allowed) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
