using CareSlot.Scheduling;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Reviews;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareSlot.BrowserTests;

/// <param name="ReviewId">The patient's review of the visit; null while they have not rated it.</param>
public sealed record ReviewFixture(string PatientEmail, BookableDoctor Doctor, StaffLogin DoctorLogin, Guid AppointmentId, Guid? ReviewId);

/// <summary>Completed visits and their reviews, made through the app's own use cases where there is one.</summary>
public static class ReviewFixtures
{
    /// <summary>A new patient's visit with a new doctor two days ago, which the doctor marked completed.</summary>
    public static async Task<ReviewFixture> CreateCompletedVisitAsync(this BrowserApp app)
    {
        var care = await app.CreateCareAsync(withNote: false, Duration.FromDays(-2));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
        // A status change is saved in a transaction, as the app's own ChangeAppointmentStatus does.
        await using var transaction = await db.Database.BeginTransactionAsync();
        var appointment = await db.Appointments.SingleAsync(a => a.Id == care.PastVisitId);
        appointment.ChangeStatus(AppointmentStatus.Completed, Actor.Doctor, null, null, scope.ServiceProvider.GetRequiredService<IClock>().GetCurrentInstant());
        // The visit's own notices, as a status change through the app would queue them: the outbox refuses a change without them.
        await scope.ServiceProvider.GetRequiredService<AppointmentOutbox>().QueueAsync(db, default);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return new ReviewFixture(care.PatientEmail, care.Doctor, care.DoctorLogin, care.PastVisitId, null);
    }

    /// <summary>
    /// A completed visit its patient rated with <paramref name="text"/>; approved by an administrator when
    /// <paramref name="approved"/>, and then answered by the doctor when <paramref name="reply"/> is given.
    /// </summary>
    public static async Task<ReviewFixture> CreateReviewAsync(this BrowserApp app, int rating, string text, bool approved, string? reply = null)
    {
        var visit = await app.CreateCompletedVisitAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var written = await services.GetRequiredService<WriteReview>().HandleAsync(
            await MessagingFixtures.PrincipalAsync(services, visit.PatientEmail, multiFactor: false), new WriteReviewRequest(visit.AppointmentId, rating, text), default);
        Assert.True(written.Problem is null, written.Problem?.Detail);
        var reviewId = written.Value!.Id;
        if (approved)
        {
            var admin = await app.CreateAdminLoginAsync();
            var decided = await services.GetRequiredService<ModerateReview>().ApproveAsync(
                await MessagingFixtures.PrincipalAsync(services, admin.Email, multiFactor: true), reviewId, default);
            Assert.True(decided.Problem is null, decided.Problem?.Detail);
        }
        if (reply is not null)
        {
            var replied = await services.GetRequiredService<ReplyToReview>().HandleAsync(
                await MessagingFixtures.PrincipalAsync(services, visit.DoctorLogin.Email, multiFactor: true), reviewId, new ReplyToReviewRequest(reply), default);
            Assert.True(replied.Problem is null, replied.Problem?.Detail);
        }
        return visit with { ReviewId = reviewId };
    }
}
