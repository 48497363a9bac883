using System.Security.Claims;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Disputes;

/// <summary>The one who opened a dispute withdraws it while it is in progress; the other party may not (409), anyone else gets 404.</summary>
public sealed class WithdrawDispute(DisputeWork work)
{
    public async Task<Outcome<Dispute>> HandleAsync(ClaimsPrincipal user, Guid disputeId, CancellationToken ct)
    {
        var dispute = await work.Db.Disputes.FirstOrDefaultAsync(d => d.Id == disputeId, ct);
        var viewer = await work.ViewerAsync(user, ct);
        if (dispute is null || DisputeWork.PartyRole(viewer, dispute) is null) return work.NotFound();
        if (dispute.OpenedBy != viewer!.AccountId)
        {
            return new UseCaseProblem(StatusCodes.Status409Conflict, work.Text["Only the one who opened a dispute can withdraw it."],
                work.Text["Add a statement instead: the administrators will read it."]);
        }
        if (dispute.IsFinal) return work.Final(dispute);

        dispute.Withdraw(work.Now);
        var step = work.AddStep(dispute, DisputeStepKind.Withdrawn, viewer, null);
        await work.NotifyAsync(dispute, step, DisputeNotice.Withdrawn, ct);
        await work.SaveAsync(dispute, AuditActions.DisputeWithdrawn, ct);
        return new Outcome<Dispute>(dispute, null);
    }
}
