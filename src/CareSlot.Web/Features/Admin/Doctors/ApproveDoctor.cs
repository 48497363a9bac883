using System.Security.Claims;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Security.Audit;

namespace CareSlot.Web.Features.Admin.Doctors;

/// <summary>Lists a waiting doctor in the directory (they may now be booked, and so come to read patients' records) and tells them.</summary>
public sealed class ApproveDoctor(DoctorReviewSteps steps, AccountMessages messages)
{
    public async Task<Outcome<DoctorDecisionResult>> HandleAsync(ClaimsPrincipal admin, int doctorId, CancellationToken ct)
    {
        var found = await steps.FindAwaitingAsync(doctorId, ct);
        if (found.Problem is { } problem) return problem;
        var (doctor, account) = found.Value;
        return new Outcome<DoctorDecisionResult>(await steps.RunAsync(admin, doctor, DoctorDecisionKind.Approved, null, AuditActions.DoctorApproved,
            doctor.Approve,
            () => messages.QueueDoctorApprovedAsync(DoctorReviewSteps.RecipientOf(account), steps.Link(DoctorReviewSteps.DoctorProfilePath), ct), ct), null);
    }
}
