using System.ComponentModel.DataAnnotations;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Doctors;

public sealed record ReviewAnswerRequest([property: DataType(DataType.MultilineText)] string? Answer);

/// <summary>Where a doctor's own review stands, as they read it on their profile page: the open question or the rejection's reason.</summary>
public sealed record MyReview(DoctorReview Review, string? Question, string? RejectionReason);

/// <summary>
/// A doctor answers the administrators' question about their registration: the answer is kept with the review, and the doctor
/// is back in the administrators' queue, marked as answered.
/// </summary>
public sealed class AnswerReviewQuestion(CareSlotDb db, IClock clock, IStringLocalizer<DoctorsText> text)
{
    public async Task<MyReview?> MyReviewAsync(Guid accountId, CancellationToken ct)
    {
        var doctor = await db.Doctors.AsNoTracking().Where(d => d.AccountId == accountId).Select(d => new { d.Id, d.Review }).SingleOrDefaultAsync(ct);
        if (doctor is null) return null;
        var wanted = doctor.Review switch
        {
            DoctorReview.AwaitingAnswer => DoctorDecisionKind.InformationRequested,
            DoctorReview.Rejected => DoctorDecisionKind.Rejected,
            _ => (DoctorDecisionKind?)null,
        };
        var words = wanted is { } kind
            ? await db.DoctorDecisions.Where(d => d.DoctorId == doctor.Id && d.Kind == kind).OrderByDescending(d => d.Id).Select(d => d.Text).FirstOrDefaultAsync(ct)
            : null;
        return new MyReview(doctor.Review, wanted == DoctorDecisionKind.InformationRequested ? words : null,
            wanted == DoctorDecisionKind.Rejected ? words : null);
    }

    public async Task<Outcome<DoctorReview>> HandleAsync(Guid accountId, ReviewAnswerRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answer = request.Answer?.Trim();
        if (string.IsNullOrEmpty(answer)) return UseCaseProblem.Invalid("answer", text["Write your answer to the administrators' question."]);
        if (answer.Length > DoctorDecision.TextMaxLength)
        {
            return UseCaseProblem.Invalid("answer", text["Keep your answer under {0} characters.", DoctorDecision.TextMaxLength]);
        }
        var doctor = await db.Doctors.SingleOrDefaultAsync(d => d.AccountId == accountId, ct);
        if (doctor is null) return UseCaseProblem.NotFound(text["Doctor not found."], text["Your account has no doctor's profile."]);
        if (doctor.Review != DoctorReview.AwaitingAnswer)
        {
            return new UseCaseProblem(StatusCodes.Status409Conflict, text["There is no open question."],
                text["The administrators have no open question for you."]);
        }
        doctor.Answer();
        db.DoctorDecisions.Add(new DoctorDecision(doctor.Id, DoctorDecisionKind.Answered, answer, accountId, clock.GetCurrentInstant()));
        await db.SaveChangesAsync(ct);
        return new Outcome<DoctorReview>(doctor.Review, null);
    }
}
