using System.Net;
using System.Text.Json;
using CareSlot.Scheduling;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Features.Records;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Reviews;

public sealed class ReviewPagesTestsOnSqlite(SqliteApp app) : ReviewPagesTests(app), IClassFixture<SqliteApp>;

public sealed class ReviewPagesTestsOnPostgres(PostgresApp app) : ReviewPagesTests(app), IClassFixture<PostgresApp>;

/// <summary>The review pages as a browser without JavaScript uses them: forms that post and redirect, errors next to their fields.</summary>
public abstract class ReviewPagesTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A patient and the doctor of a completed visit of theirs, each signed in by cookie as in a browser.</summary>
    private sealed record Pair(CallerSession Patient, CallerSession Doctor, TestDoctor TestDoctor, Guid PatientId, Guid VisitId);

    private async Task<Pair> PairAsync(AppointmentStatus status = AppointmentStatus.Completed)
    {
        var patient = await app.SignInAsync(Caller.Patient);
        var doctor = await app.SignInAsync(Caller.DoctorWithSecondFactor);
        var doctorAccount = await IdAsync(doctor);
        var testDoctor = await app.WithDbAsync(async db =>
        {
            var id = await db.Doctors.Where(d => d.AccountId == doctorAccount).Select(d => d.Id).SingleAsync(Ct);
            var typeId = await db.AppointmentTypes.Where(t => t.DoctorId == id).Select(t => t.Id).FirstAsync(Ct);
            var clinic = await db.Clinics.Where(c => c.Doctors.Any(d => d.Id == id)).Select(c => new { c.Id, c.TimeZoneId }).FirstAsync(Ct);
            return new TestDoctor(id, clinic.Id, typeId, DateTimeZoneProviders.Tzdb[clinic.TimeZoneId], "");
        });
        var patientId = await IdAsync(patient);
        var visit = await app.AddVisitAsync(testDoctor, patientId, Duration.FromDays(-1), status);
        return new Pair(patient, doctor, testDoctor, patientId, visit);
    }

    private static async Task<Guid> IdAsync(CallerSession session) =>
        JsonDocument.Parse(await session.Bearer.GetStringAsync(new Uri("/api/v1/me", UriKind.Relative), Ct)).RootElement.GetProperty("id").GetGuid();

    private static async Task<AngleSharp.Dom.IDocument> OpenAsync(HttpClient browser, string url, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await browser.GetAsync(new Uri(url, UriKind.Relative), Ct);
        Assert.True(response.StatusCode == status, $"{url}: {(int)response.StatusCode}");
        return await response.ReadHtmlAsync();
    }

    private static Task<HttpResponseMessage> RateAsync(Pair pair, string rating, string text) =>
        pair.Patient.Browser.SubmitFormAsync($"/appointments/{pair.VisitId}/review", new Dictionary<string, string> { ["Input.Rating"] = rating, ["Input.Text"] = text });

    [Fact]
    public async Task Rate_FromTheCompletedVisitsPage_RedirectsToMyReviews_AndTheFormIsGoneAfterwards()
    {
        var pair = await PairAsync();
        Assert.NotNull((await OpenAsync(pair.Patient.Browser, $"/appointments/{pair.VisitId}")).QuerySelector($"a[href='/appointments/{pair.VisitId}/review']"));
        Assert.Null((await OpenAsync(pair.Doctor.Browser, $"/appointments/{pair.VisitId}")).QuerySelector($"a[href='/appointments/{pair.VisitId}/review']"));

        var rated = await RateAsync(pair, "4", "Calm and clear.\nWould come again.");
        Assert.Equal(HttpStatusCode.Redirect, rated.StatusCode);
        Assert.Equal("/account/reviews?written=true", rated.Headers.Location!.OriginalString);
        var mine = await OpenAsync(pair.Patient.Browser, "/account/reviews?written=true");
        Assert.NotNull(mine.QuerySelector("[role=status]"));
        Assert.Contains("Would come again.", mine.QuerySelector(".review-text")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(mine.QuerySelector("form[action*='handler=Withdraw']"));

        var again = await OpenAsync(pair.Patient.Browser, $"/appointments/{pair.VisitId}/review");
        Assert.Null(again.QuerySelector("main form[method=post]"));
        Assert.NotNull(again.QuerySelector("a[href='/account/reviews']"));
    }

    [Theory]
    [InlineData("", "Fine.", "Input.Rating")]
    [InlineData("9", "Fine.", "Input.Rating")]
    [InlineData("5", "bell\u0007", "Input.Text")]
    public async Task Rate_BadInput_Is400WithTheErrorNextToTheField(string rating, string text, string field)
    {
        var pair = await PairAsync();
        var refused = await RateAsync(pair, rating, text);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await refused.ReadHtmlAsync();
        Assert.NotNull(page.QuerySelector($"#{field.Replace('.', '_')}-error"));
        Assert.Equal(0, await app.WithDbAsync(db => db.Reviews.CountAsync(r => r.AppointmentId == pair.VisitId, Ct)));
    }

    [Fact]
    public async Task Rate_SomeoneElsesVisitIs404_AndAVisitNotCompletedShowsWhyNotAForm()
    {
        var pair = await PairAsync(AppointmentStatus.Confirmed);
        var stranger = await app.SignInAsync(Caller.Patient);
        await OpenAsync(stranger.Browser, $"/appointments/{pair.VisitId}/review", HttpStatusCode.NotFound);
        var page = await OpenAsync(pair.Patient.Browser, $"/appointments/{pair.VisitId}/review");
        Assert.Null(page.QuerySelector("main form[method=post]"));
        Assert.NotNull(page.QuerySelector(".notice"));
    }

    [Fact]
    public async Task Moderation_QueueFlags_ReviewMarksTheWordAsText_ApproveReplyAndWithdrawThroughThePages()
    {
        var pair = await PairAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await RateAsync(pair, "2", "Felt like a <b>scam</b>.")).StatusCode);
        var reviewId = await app.WithDbAsync(db => db.Reviews.Where(r => r.AppointmentId == pair.VisitId).Select(r => r.Id).SingleAsync(Ct));
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);

        var queue = await OpenAsync(admin.Browser, "/admin/reviews?status=pending");
        var row = queue.QuerySelector($"a[href='/admin/reviews/{reviewId}']")!.Closest("tr")!;
        Assert.NotNull(row.QuerySelector(".status--failed"));
        await OpenAsync(admin.Browser, "/admin/reviews?status=asleep", HttpStatusCode.BadRequest);

        var url = $"/admin/reviews/{reviewId}";
        var page = await OpenAsync(admin.Browser, url);
        Assert.Equal("scam", page.QuerySelector(".review-text mark")!.TextContent);
        Assert.Null(page.QuerySelector(".review-text b"));
        Assert.Contains("<b>", page.QuerySelector(".review-text")!.TextContent, StringComparison.Ordinal);
        var approved = await admin.Browser.SubmitFormAsync(url, new Dictionary<string, string>(), formSelector: "form[action*='handler=Approve']");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.NotNull((await OpenAsync(admin.Browser, url)).QuerySelector("[role=status]"));

        var profile = await OpenAsync(app.CreateBrowserClient(), $"/doctors/{pair.TestDoctor.DoctorId}");
        Assert.Single(profile.QuerySelectorAll("section[aria-labelledby='reviews-title'] li.card"));

        var replied = await pair.Doctor.Browser.SubmitFormAsync("/account/reviews", new Dictionary<string, string> { ["reply"] = "Sorry to hear it; please call us." },
            formSelector: "form[action*='handler=Reply']");
        Assert.Equal(HttpStatusCode.OK, replied.StatusCode);
        var doctorsPage = await OpenAsync(pair.Doctor.Browser, "/account/reviews");
        Assert.Null(doctorsPage.QuerySelector("form[action*='handler=Reply']"));
        Assert.Contains("please call us", (await OpenAsync(app.CreateBrowserClient(), $"/doctors/{pair.TestDoctor.DoctorId}")).QuerySelector(".notice .review-text")!.TextContent,
            StringComparison.Ordinal);

        var withdrawn = await pair.Patient.Browser.SubmitFormAsync("/account/reviews", new Dictionary<string, string>(), formSelector: "form[action*='handler=Withdraw']");
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Empty((await OpenAsync(app.CreateBrowserClient(), $"/doctors/{pair.TestDoctor.DoctorId}")).QuerySelectorAll("section[aria-labelledby='reviews-title'] li.card"));
    }
}
