using System.Net;
using System.Net.Http.Json;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Reviews;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Features.Records;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.Reviews;

public sealed class ReviewsTestsOnSqlite(SqliteApp app) : ReviewsTests(app), IClassFixture<SqliteApp>;

public sealed class ReviewsTestsOnPostgres(PostgresApp app) : ReviewsTests(app), IClassFixture<PostgresApp>;

/// <summary>A completed visit of a patient with a doctor who has an account of their own.</summary>
public sealed record RatedVisit(TestDoctor Doctor, ApiUser Patient, ApiUser DoctorUser, Guid AppointmentId);

public static class ReviewsTestKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Yesterday's visit, completed, of a patient named <paramref name="patientName"/>.</summary>
    public static async Task<RatedVisit> CreateCompletedVisitAsync(this CareSlotApp app, string patientName = "Greta Garbo",
        AppointmentStatus status = AppointmentStatus.Completed, TestDoctor? doctor = null)
    {
        doctor ??= await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        await app.WithDbAsync(async db =>
        {
            var account = await db.Users.SingleAsync(u => u.Id == patient.Id, Ct);
            account.FullName = patientName;
            return await db.SaveChangesAsync(Ct);
        });
        var visit = await app.AddVisitAsync(doctor, patient.Id, NodaTime.Duration.FromDays(-1), status);
        return new RatedVisit(doctor, patient, await app.CreateDoctorUserAsync(doctor), visit);
    }

    public static Task<HttpResponseMessage> RateAsync(this ApiUser patient, Guid appointmentId, int rating = 5, string? text = "Kind and thorough.") =>
        patient.Client.PostAsJsonAsync("/api/v1/reviews", new { appointmentId, rating, text }, Ct);

    public static async Task<MyReview> RateOkAsync(this ApiUser patient, Guid appointmentId, int rating = 5, string? text = "Kind and thorough.") =>
        await (await patient.RateAsync(appointmentId, rating, text)).ShouldBeJsonAsync<MyReview>(HttpStatusCode.Created);

    public static async Task<T> ShouldBeJsonAsync<T>(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(Ct))!;
    }

    public static async Task<ModerationView> ApproveOkAsync(this ApiUser admin, Guid reviewId) =>
        await (await admin.Client.PostAsync(new Uri($"/api/v1/admin/reviews/{reviewId}/approve", UriKind.Relative), null, Ct))
            .ShouldBeJsonAsync<ModerationView>(HttpStatusCode.OK);

    public static async Task<DoctorRating> ProfileAsync(this CareSlotApp app, int doctorId) =>
        await (await app.CreateClient().GetAsync(new Uri($"/api/v1/doctors/{doctorId}/reviews", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<DoctorRating>();

    public static Task<ApiUser> CreateModeratorAsync(this CareSlotApp app) => app.CreateApiUserAsync(Roles.Admin, multiFactor: true);
}

/// <summary>Reviews through the API: once per completed visit, moderation and the profile, the reply, withdrawal, notices, audit, hostile text.</summary>
public abstract class ReviewsTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rate_OncePerCompletedVisit_SecondIs409_OthersGet404()
    {
        var visit = await app.CreateCompletedVisitAsync();
        var stranger = (await app.CreatePatientsAsync(1))[0];

        await (await stranger.RateAsync(visit.AppointmentId)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await visit.DoctorUser.RateAsync(visit.AppointmentId)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var review = await visit.Patient.RateOkAsync(visit.AppointmentId, 4);
        Assert.Equal(("pending", 4, "Kind and thorough."), (review.Status, review.Rating, review.Text));
        var again = await (await visit.Patient.RateAsync(visit.AppointmentId, 1, "Changed my mind")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("You have already rated this visit.", again.Title);
        Assert.Equal(1, await app.WithDbAsync(db => db.Reviews.CountAsync(r => r.AppointmentId == visit.AppointmentId, Ct)));
    }

    [Fact]
    public async Task Rate_TwoAtOnce_OneLands_TheOtherIs409()
    {
        var visit = await app.CreateCompletedVisitAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => visit.Patient.RateAsync(visit.AppointmentId, 5, $"Try {i}")));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
    }

    [Theory]
    [InlineData(AppointmentStatus.NoShow)]
    [InlineData(AppointmentStatus.Cancelled)]
    [InlineData(AppointmentStatus.Confirmed)]
    public async Task Rate_AVisitNotCompleted_Is409WithAClearProblem(AppointmentStatus status)
    {
        var visit = await app.CreateCompletedVisitAsync(status: status);
        var problem = await (await visit.Patient.RateAsync(visit.AppointmentId)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Only a completed visit can be rated.", problem.Title);
    }

    [Theory]
    [InlineData("{\"rating\":5}", "appointmentId")]
    [InlineData("{\"appointmentId\":\"00000000-0000-0000-0000-000000000001\",\"rating\":6}", "rating")]
    [InlineData("{\"appointmentId\":\"00000000-0000-0000-0000-000000000001\",\"rating\":0}", "rating")]
    [InlineData("{\"appointmentId\":\"00000000-0000-0000-0000-000000000001\"}", "rating")]
    [InlineData("{\"appointmentId\":\"00000000-0000-0000-0000-000000000001\",\"rating\":5,\"text\":\"a\\u0000b\"}", "text")]
    [InlineData("{\"appointmentId\":\"00000000-0000-0000-0000-000000000001\",\"rating\":5,\"text\":\"bell\\u0007\"}", "text")]
    public async Task Rate_BadInput_Is400NamingTheField(string json, string field)
    {
        var patient = (await app.CreatePatientsAsync(1))[0];
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var problem = await (await patient.Client.PostAsync(new Uri("/api/v1/reviews", UriKind.Relative), content, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.Errors.Keys);
    }

    [Fact]
    public async Task Rate_TextTooLong_Is400NamingTheText()
    {
        var visit = await app.CreateCompletedVisitAsync();
        var problem = await (await visit.Patient.RateAsync(visit.AppointmentId, 5, new string('a', Review.TextMaxLength + 1))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("text", problem.Errors.Keys);
    }

    [Fact]
    public async Task Moderation_PendingAndRejectedAreNotOnTheProfile_ApprovedIs_WithAverageCountAndFirstNameInitial()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var first = await app.CreateCompletedVisitAsync("Greta Garbo", doctor: doctor);
        var second = await app.CreateCompletedVisitAsync("Hans Peter Müller", doctor: doctor);
        var third = await app.CreateCompletedVisitAsync("Olga Ostrova", doctor: doctor);
        var admin = await app.CreateModeratorAsync();
        var good = await first.Patient.RateOkAsync(first.AppointmentId, 5, "Great listener.");
        var fair = await second.Patient.RateOkAsync(second.AppointmentId, 4, "");
        var bad = await third.Patient.RateOkAsync(third.AppointmentId, 1, "Rude.");

        Assert.Equal((null, 0), ((await app.ProfileAsync(doctor.DoctorId)).Average, (await app.ProfileAsync(doctor.DoctorId)).Count));
        await admin.ApproveOkAsync(good.Id);
        await admin.ApproveOkAsync(fair.Id);
        var rejected = await (await admin.Client.PostAsJsonAsync($"/api/v1/admin/reviews/{bad.Id}/reject", new { reason = "Not about the care." }, Ct))
            .ShouldBeJsonAsync<ModerationView>(HttpStatusCode.OK);
        Assert.Equal("rejected", rejected.Status);
        await (await admin.Client.PostAsync(new Uri($"/api/v1/admin/reviews/{good.Id}/reject", UriKind.Relative), null, Ct)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var profile = await app.ProfileAsync(doctor.DoctorId);
        Assert.Equal((4.5, 2), (profile.Average, profile.Count));
        Assert.Equal(["Hans M.", "Greta G."], profile.Reviews.Select(r => r.PatientName));
        Assert.DoesNotContain(profile.Reviews, r => r.Id == bad.Id);
        Assert.Equal("Not about the care.", Assert.Single(await MineAsync(third.Patient)).RejectionReason);
    }

    [Fact]
    public async Task Average_IsRoundedToOneDecimal()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var admin = await app.CreateModeratorAsync();
        foreach (var rating in new[] { 5, 4, 4 })
        {
            var visit = await app.CreateCompletedVisitAsync(doctor: doctor);
            await admin.ApproveOkAsync((await visit.Patient.RateOkAsync(visit.AppointmentId, rating)).Id);
        }
        var profile = await app.ProfileAsync(doctor.DoctorId);
        Assert.Equal((4.3, 3), (profile.Average, profile.Count));
    }

    [Fact]
    public async Task BlockedWords_FlagTheReview_ForAHumanDecision()
    {
        var visit = await app.CreateCompletedVisitAsync();
        var admin = await app.CreateModeratorAsync();
        var review = await visit.Patient.RateOkAsync(visit.AppointmentId, 1, "This clinic is a SCAM, a total scam.");
        var clean = await app.CreateCompletedVisitAsync();
        var cleanReview = await clean.Patient.RateOkAsync(clean.AppointmentId, 5, "Scampi for lunch nearby.");

        var queue = await (await admin.Client.GetAsync(new Uri("/api/v1/admin/reviews?status=pending", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<List<ReviewQueueRow>>();
        Assert.True(Assert.Single(queue, r => r.Id == review.Id).Flagged);
        Assert.False(Assert.Single(queue, r => r.Id == cleanReview.Id).Flagged);
        var view = await (await admin.Client.GetAsync(new Uri($"/api/v1/admin/reviews/{review.Id}", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<ModerationView>();
        Assert.Equal(["scam"], view.FlaggedWords);
        Assert.Equal("pending", view.Status);
        // Flagged is not refused: the moderator still decides.
        Assert.Equal("approved", (await admin.ApproveOkAsync(review.Id)).Status);
        Assert.Contains("status", (await (await admin.Client.GetAsync(new Uri("/api/v1/admin/reviews?status=nope", UriKind.Relative), Ct))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [Fact]
    public async Task Moderation_OnlyAdminsWithASecondFactor()
    {
        var visit = await app.CreateCompletedVisitAsync();
        var review = await visit.Patient.RateOkAsync(visit.AppointmentId);
        var adminWithoutSecondFactor = await app.CreateApiUserAsync(Roles.Admin, multiFactor: false);
        // Refused (the admin area answers 404 to non-administrators, HiddenAdminArea), and the review stays pending.
        Assert.Contains((await adminWithoutSecondFactor.Client.PostAsync(new Uri($"/api/v1/admin/reviews/{review.Id}/approve", UriKind.Relative), null, Ct)).StatusCode,
            new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        Assert.Contains((await visit.Patient.Client.PostAsync(new Uri($"/api/v1/admin/reviews/{review.Id}/approve", UriKind.Relative), null, Ct)).StatusCode,
            new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        Assert.Equal(ReviewStatus.Pending, await app.WithDbAsync(db => db.Reviews.Where(r => r.Id == review.Id).Select(r => r.Status).SingleAsync(Ct)));
        await (await (await app.CreateModeratorAsync()).Client.PostAsync(new Uri($"/api/v1/admin/reviews/{Guid.NewGuid()}/approve", UriKind.Relative), null, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reply_OnceByTheReviewedDoctor_SecondAndConcurrentAre409_OthersGet404()
    {
        var visit = await app.CreateCompletedVisitAsync();
        var admin = await app.CreateModeratorAsync();
        var review = await visit.Patient.RateOkAsync(visit.AppointmentId);
        var url = $"/api/v1/reviews/about-me/{review.Id}/reply";

        // Not published yet: nothing to reply to.
        await (await visit.DoctorUser.Client.PostAsJsonAsync(url, new { reply = "Thanks" }, Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await admin.ApproveOkAsync(review.Id);
        var otherDoctor = await app.CreateDoctorUserAsync(await app.CreateBookableDoctorAsync());
        await (await otherDoctor.Client.PostAsJsonAsync(url, new { reply = "Not mine" }, Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("reply", (await (await visit.DoctorUser.Client.PostAsJsonAsync(url, new { reply = " " }, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => visit.DoctorUser.Client.PostAsJsonAsync(url, new { reply = $"Thank you ({i})" }, Ct)));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        await (await visit.DoctorUser.Client.PostAsJsonAsync(url, new { reply = "Again" }, Ct)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var shown = Assert.Single((await app.ProfileAsync(visit.Doctor.DoctorId)).Reviews);
        Assert.StartsWith("Thank you (", shown.Reply, StringComparison.Ordinal);
        Assert.NotNull(shown.RepliedAt);
        var mine = await (await visit.DoctorUser.Client.GetAsync(new Uri("/api/v1/reviews/about-me", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<List<PublicReview>>();
        Assert.Equal(shown.Reply, Assert.Single(mine).Reply);
    }

    [Fact]
    public async Task Withdraw_RemovesItFromTheProfileAndTheAverage_OthersGet404()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var admin = await app.CreateModeratorAsync();
        var first = await app.CreateCompletedVisitAsync(doctor: doctor);
        var second = await app.CreateCompletedVisitAsync(doctor: doctor);
        var high = await first.Patient.RateOkAsync(first.AppointmentId, 5);
        var low = await second.Patient.RateOkAsync(second.AppointmentId, 2);
        await admin.ApproveOkAsync(high.Id);
        await admin.ApproveOkAsync(low.Id);
        Assert.Equal((3.5, 2), ((await app.ProfileAsync(doctor.DoctorId)).Average, (await app.ProfileAsync(doctor.DoctorId)).Count));

        var url = new Uri($"/api/v1/reviews/{low.Id}/withdraw", UriKind.Relative);
        await (await first.Patient.Client.PostAsync(url, null, Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var withdrawn = await (await second.Patient.Client.PostAsync(url, null, Ct)).ShouldBeJsonAsync<MyReview>(HttpStatusCode.OK);
        Assert.Equal(("withdrawn", false), (withdrawn.Status, withdrawn.CanWithdraw));
        await (await second.Patient.Client.PostAsync(url, null, Ct)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var profile = await app.ProfileAsync(doctor.DoctorId);
        Assert.Equal((5.0, 1), (profile.Average, profile.Count));
        Assert.Equal([high.Id], profile.Reviews.Select(r => r.Id));
        // Withdrawn is final: the visit stays rated once.
        await (await second.Patient.RateAsync(second.AppointmentId)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Decisions_AreAudited_AndAnnouncedThroughTheOutbox_WithoutTheWords()
    {
        var visit = await app.CreateCompletedVisitAsync();
        var rejectedVisit = await app.CreateCompletedVisitAsync();
        var admin = await app.CreateModeratorAsync();
        var approved = await visit.Patient.RateOkAsync(visit.AppointmentId, 5, "Marvellous bedside manner.");
        var rejected = await rejectedVisit.Patient.RateOkAsync(rejectedVisit.AppointmentId, 1, "Awful.");
        await admin.ApproveOkAsync(approved.Id);
        await (await admin.Client.PostAsJsonAsync($"/api/v1/admin/reviews/{rejected.Id}/reject", new { reason = "Personal attack." }, Ct))
            .ShouldBeJsonAsync<ModerationView>(HttpStatusCode.OK);

        var audit = await app.WithDbAsync(db => db.AuditTrail.AsNoTracking()
            .Where(e => e.Record == $"review {approved.Id}" || e.Record == $"review {rejected.Id}").ToListAsync(Ct));
        Assert.Contains(audit, e => e.Action == AuditActions.ReviewApproved && e.Record == $"review {approved.Id}" && e.ActorId == admin.Id
            && e.PatientId == visit.Patient.Id);
        Assert.Contains(audit, e => e.Action == AuditActions.ReviewRejected && e.Record == $"review {rejected.Id}" && e.ActorId == admin.Id);

        var notices = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Template == NotificationTemplate.ReviewUpdate).ToListAsync(Ct));
        var toPatient = Assert.Single(notices, n => n.Key == $"review:{approved.Id:N}:approved:{visit.Patient.Id:N}");
        Assert.Equal(visit.Patient.Email, toPatient.Address);
        var toDoctor = Assert.Single(notices, n => n.Key == $"review:{approved.Id:N}:published:{visit.DoctorUser.Id:N}");
        Assert.Equal(visit.DoctorUser.Email, toDoctor.Address);
        Assert.Single(notices, n => n.Key == $"review:{rejected.Id:N}:rejected:{rejectedVisit.Patient.Id:N}");
        Assert.DoesNotContain(notices, n => n.Key.StartsWith($"review:{rejected.Id:N}:published", StringComparison.Ordinal));
        Assert.All(notices.Where(n => n.Key.Contains(approved.Id.ToString("N"), StringComparison.Ordinal) || n.Key.Contains(rejected.Id.ToString("N"), StringComparison.Ordinal)),
            n =>
            {
                var text = QueuedText.Of(app, n);
                Assert.DoesNotContain("Marvellous", text, StringComparison.Ordinal);
                Assert.DoesNotContain("Personal attack", text, StringComparison.Ordinal);
            });
    }

    [Fact]
    public async Task HostileText_ScriptIsStoredAsTyped_AndTheProfileShowsItEncoded()
    {
        const string payload = "<script>window.__xss=1</script> <img src=x onerror=window.__xss=1>";
        var visit = await app.CreateCompletedVisitAsync();
        var admin = await app.CreateModeratorAsync();
        var review = await visit.Patient.RateOkAsync(visit.AppointmentId, 3, payload);
        Assert.Equal(payload, review.Text);
        await admin.ApproveOkAsync(review.Id);

        var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var html = await client.GetStringAsync(new Uri($"/doctors/{visit.Doctor.DoctorId}", UriKind.Relative), Ct);
        Assert.DoesNotContain("<script>window.__xss", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;window.__xss=1&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Greta G.", html, StringComparison.Ordinal);
        Assert.Contains("3 of 5 stars", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Garbo", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicList_BadPage_Is400NamingThePage()
    {
        var problem = await (await app.CreateClient().GetAsync(new Uri("/api/v1/doctors/1/reviews?page=0", UriKind.Relative), Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("page", problem.Errors.Keys);
    }

    private static async Task<List<MyReview>> MineAsync(ApiUser patient) =>
        await (await patient.Client.GetAsync(new Uri("/api/v1/reviews/mine", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<List<MyReview>>();
}
