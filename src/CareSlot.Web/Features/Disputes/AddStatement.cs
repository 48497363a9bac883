using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CareSlot.Web.Features.Messaging;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Disputes;

public sealed record AddStatementRequest([property: DataType(DataType.MultilineText)] string? Statement);

/// <summary>
/// A party adds a statement (and a file) to a dispute in progress; one that answers an administrator's question puts the
/// dispute back under review. Anyone but the two parties gets 404; a resolved or withdrawn dispute, 409.
/// </summary>
public sealed class AddStatement(DisputeWork work)
{
    public async Task<Outcome<DisputeStep>> HandleAsync(ClaimsPrincipal user, Guid disputeId, AddStatementRequest request, AttachmentUpload? file,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dispute = await work.Db.Disputes.FirstOrDefaultAsync(d => d.Id == disputeId, ct);
        var viewer = await work.ViewerAsync(user, ct);
        if (dispute is null || DisputeWork.PartyRole(viewer, dispute) is null) return work.NotFound();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        work.CheckText(request, "statement", request.Statement, work.Text["Write your statement."], errors);
        work.CheckFile(file, errors);
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        if (dispute.IsFinal) return work.Final(dispute);

        dispute.StatementAdded(work.Now);
        var step = work.AddStep(dispute, DisputeStepKind.Statement, viewer!, request.Statement);
        work.AddFile(step, file);
        await work.NotifyAsync(dispute, step, DisputeNotice.Statement, ct);
        await work.SaveAsync(dispute, AuditActions.DisputeStatementAdded, ct);
        return new Outcome<DisputeStep>(step, null);
    }
}
