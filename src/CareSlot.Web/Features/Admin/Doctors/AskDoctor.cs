using System.Security.Claims;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Security.Audit;

namespace CareSlot.Web.Features.Admin.Doctors;

/// <summary>
/// Asks a waiting doctor for more information: they are e-mailed the question with a link to their profile page, where they
/// answer; the answer puts them back in the queue, marked as answered.
/// </summary>
public sealed class AskDoctor(DoctorReviewSteps steps, AccountMessages messages)
{
    public async Task<Outcome<DoctorDecisionResult>> HandleAsync(ClaimsPrincipal admin, int doctorId, DoctorQuestionRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (question, invalid) = steps.CheckText("question", request.Question, steps.Text["Write the question for the doctor."]);
        if (invalid is not null) return invalid;
        var found = await steps.FindAwaitingAsync(doctorId, ct);
        if (found.Problem is { } problem) return problem;
        var (doctor, account) = found.Value;
        return new Outcome<DoctorDecisionResult>(await steps.RunAsync(admin, doctor, DoctorDecisionKind.InformationRequested, question,
            AuditActions.DoctorInformationRequested, doctor.AskForInformation,
            () => messages.QueueDoctorQuestionAsync(DoctorReviewSteps.RecipientOf(account), question!, steps.Link(DoctorReviewSteps.DoctorProfilePath), ct), ct),
            null);
    }
}
