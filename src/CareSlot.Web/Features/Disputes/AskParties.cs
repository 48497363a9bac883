using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Disputes;

/// <param name="Audience">patient, doctor or both.</param>
public sealed record AskPartiesRequest(string? Audience, [property: DataType(DataType.MultilineText)] string? Question);

/// <summary>An administrator asks one or both parties a question: the dispute awaits a party until one of them adds a statement.</summary>
public sealed class AskParties(DisputeWork work)
{
    public async Task<Outcome<Dispute>> HandleAsync(ClaimsPrincipal user, Guid disputeId, AskPartiesRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var viewer = await work.ViewerAsync(user, ct);
        var dispute = await work.Db.Disputes.FirstOrDefaultAsync(d => d.Id == disputeId, ct);
        if (viewer is not { Actor: Actor.Admin } || dispute is null) return work.NotFound();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!DisputeNames.TryParse<DisputeAudience>(request.Audience, out var audience)) errors["audience"] = [work.Text["Choose whom to ask: patient, doctor or both."]];
        work.CheckText(request, "question", request.Question, work.Text["Write the question."], errors);
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        if (dispute.IsFinal) return work.Final(dispute);
        if (dispute.State == DisputeState.Open) return DisputeProblems.NotAssigned(work.Text);

        dispute.AwaitParty(work.Now);
        var step = work.AddStep(dispute, DisputeStepKind.Question, viewer, request.Question, audience: audience);
        await work.NotifyAsync(dispute, step, DisputeNotice.Question, ct);
        await work.SaveAsync(dispute, AuditActions.DisputeQuestionAsked, ct);
        return new Outcome<Dispute>(dispute, null);
    }
}
