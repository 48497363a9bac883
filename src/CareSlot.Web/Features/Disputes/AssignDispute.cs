using System.Security.Claims;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Disputes;

/// <param name="AssigneeId">The administrator who takes it on; the caller when left out.</param>
public sealed record AssignDisputeRequest(Guid? AssigneeId);

/// <summary>An administrator gives a dispute in progress to an administrator (themselves by default): an open one goes under review.</summary>
public sealed class AssignDispute(DisputeWork work)
{
    public async Task<Outcome<Dispute>> HandleAsync(ClaimsPrincipal user, Guid disputeId, AssignDisputeRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var viewer = await work.ViewerAsync(user, ct);
        var dispute = await work.Db.Disputes.FirstOrDefaultAsync(d => d.Id == disputeId, ct);
        if (viewer is not { Actor: Actor.Admin } || dispute is null) return work.NotFound();
        var assignee = request.AssigneeId ?? viewer.AccountId;
        var isActiveAdmin = await work.Db.Users.AnyAsync(u => u.Id == assignee && u.SuspendedAt == null
            && work.Db.UserRoles.Any(r => r.UserId == u.Id && work.Db.Roles.Any(role => role.Id == r.RoleId && role.Name == Roles.Admin)), ct);
        if (!isActiveAdmin) return UseCaseProblem.Invalid("assigneeId", work.Text["Choose an active administrator."]);
        if (dispute.IsFinal) return work.Final(dispute);

        dispute.Assign(assignee, work.Now);
        var step = work.AddStep(dispute, DisputeStepKind.Assigned, viewer, null, assignee: assignee);
        await work.NotifyAsync(dispute, step, DisputeNotice.Assigned, ct);
        await work.SaveAsync(dispute, AuditActions.DisputeAssigned, ct, $"{DisputeWork.Record(dispute.Id)} to {assignee}");
        return new Outcome<Dispute>(dispute, null);
    }
}
