using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CareSlot.Scheduling;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Reviews;

/// <param name="Rating">1 to 5 stars.</param>
/// <param name="Text">Optional words, at most 2,000 characters.</param>
public sealed record WriteReviewRequest(Guid? AppointmentId, int? Rating, [property: DataType(DataType.MultilineText)] string? Text);

/// <summary>
/// The patient of a completed visit rates the doctor, once per appointment; the review waits for moderation, flagged when
/// it holds a blocked word. Anyone else's appointment answers 404; a visit not completed, or one already reviewed, 409
/// (also when two submissions race: the unique index decides).
/// </summary>
public sealed class WriteReview(ReviewWork work, BlockedWords blocked)
{
    public async Task<Outcome<Review>> HandleAsync(ClaimsPrincipal user, WriteReviewRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = work.Text;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.AppointmentId is null) errors["appointmentId"] = [text["Choose the visit you rate."]];
        if (request.Rating is not (>= Review.MinRating and <= Review.MaxRating)) errors["rating"] = [text["Choose a rating from 1 to 5 stars."]];
        work.CheckText(request, "text", request.Text, Review.TextMaxLength, null, errors);
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);

        var viewer = await work.ViewerAsync(user, ct);
        var appointment = viewer is { Actor: Actor.Patient }
            ? await work.Db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == request.AppointmentId && a.PatientId == viewer.AccountId, ct)
            : null;
        if (appointment is null) return UseCaseProblem.NotFound(text["Appointment not found."], text["There is no such appointment of yours."]);
        if (appointment.Status != AppointmentStatus.Completed)
        {
            return new UseCaseProblem(StatusCodes.Status409Conflict, text["Only a completed visit can be rated."],
                text["You can rate a visit once the doctor has marked it as completed."]);
        }
        if (await work.Db.Reviews.AnyAsync(r => r.AppointmentId == appointment.Id, ct)) return AlreadyReviewed();

        var words = ReviewWork.Clean(request.Text);
        var review = new Review(Guid.CreateVersion7(), appointment.Id, appointment.PatientId, appointment.DoctorId, request.Rating!.Value, words,
            blocked.Find(words), work.Now);
        work.Db.Reviews.Add(review);
        try
        {
            await work.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            // A second submission (another tab, a double click) landed a moment earlier.
            work.Db.ChangeTracker.Clear();
            return AlreadyReviewed();
        }
        return new Outcome<Review>(review, null);

        UseCaseProblem AlreadyReviewed() => new(StatusCodes.Status409Conflict, text["You have already rated this visit."],
            text["Each visit can be rated once. You can see your review under My reviews."]);
    }
}
