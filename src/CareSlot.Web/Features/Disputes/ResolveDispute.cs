using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Disputes;

/// <param name="Outcome">upheld, rejected or partly-upheld.</param>
public sealed record ResolveDisputeRequest(string? Outcome, [property: DataType(DataType.MultilineText)] string? Explanation);

/// <summary>
/// An administrator settles a dispute under review with an outcome and an explanation. A contested no-show that is upheld
/// clears the no-show (<see cref="ClearNoShow"/>: the appointment is completed again, with its own history entry) in the
/// same transaction as the resolution.
/// </summary>
public sealed class ResolveDispute(DisputeWork work, ClearNoShow clearNoShow)
{
    public async Task<Outcome<Dispute>> HandleAsync(ClaimsPrincipal user, Guid disputeId, ResolveDisputeRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var viewer = await work.ViewerAsync(user, ct);
        var dispute = await work.Db.Disputes.FirstOrDefaultAsync(d => d.Id == disputeId, ct);
        if (viewer is not { Actor: Actor.Admin } || dispute is null) return work.NotFound();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!DisputeNames.TryParse<DisputeOutcome>(request.Outcome, out var outcome)) errors["outcome"] = [work.Text["Choose the outcome: upheld, rejected or partly-upheld."]];
        work.CheckText(request, "explanation", request.Explanation, work.Text["Explain the decision: both parties read it."], errors);
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        if (dispute.IsFinal) return work.Final(dispute);
        if (dispute.State == DisputeState.Open) return DisputeProblems.NotAssigned(work.Text);

        dispute.Resolve(outcome, work.Now);
        var step = work.AddStep(dispute, DisputeStepKind.Resolved, viewer, request.Explanation, outcome: outcome);
        await work.NotifyAsync(dispute, step, DisputeNotice.Resolved, ct);
        var clears = dispute.Kind == DisputeKind.ContestedNoShow && outcome == DisputeOutcome.Upheld
            && await work.Db.Appointments.AnyAsync(a => a.Id == dispute.AppointmentId && a.Status == AppointmentStatus.NoShow, ct);
        if (!clears)
        {
            await work.SaveAsync(dispute, AuditActions.DisputeResolved, ct);
            return new Outcome<Dispute>(dispute, null);
        }
        var cleared = await clearNoShow.HandleAsync(viewer, dispute.AppointmentId,
            DisputeWork.Audit(dispute, AuditActions.DisputeResolved, $"{DisputeWork.Record(dispute.Id)} no-show cleared"), ct);
        return cleared.Problem is { } problem ? problem : new Outcome<Dispute>(dispute, null);
    }
}
