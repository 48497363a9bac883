using System.Security.Claims;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Security.Audit;

namespace CareSlot.Web.Features.Admin.Doctors;

/// <summary>
/// Refuses a registration for good, with a reason the doctor is e-mailed and reads when signing in. The doctor stays unlisted,
/// so nobody finds or books them.
/// </summary>
public sealed class RejectDoctor(DoctorReviewSteps steps, AccountMessages messages)
{
    public async Task<Outcome<DoctorDecisionResult>> HandleAsync(ClaimsPrincipal admin, int doctorId, DoctorRejectionRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (reason, invalid) = steps.CheckText("reason", request.Reason, steps.Text["Give the reason: the doctor will read it."]);
        if (invalid is not null) return invalid;
        var found = await steps.FindAwaitingAsync(doctorId, ct);
        if (found.Problem is { } problem) return problem;
        var (doctor, account) = found.Value;
        return new Outcome<DoctorDecisionResult>(await steps.RunAsync(admin, doctor, DoctorDecisionKind.Rejected, reason, AuditActions.DoctorRejected,
            doctor.Reject,
            () => messages.QueueDoctorRejectedAsync(DoctorReviewSteps.RecipientOf(account), reason!, steps.Link("/account"), ct), ct), null);
    }
}
