using System.Net;
using System.Text.Json.Nodes;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.Admin;

public sealed class DoctorReviewTestsOnSqlite(SqliteApp app) : DoctorReviewTests(app), IClassFixture<SqliteApp>;

public sealed class DoctorReviewTestsOnPostgres(PostgresApp app) : DoctorReviewTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Administrators approve, reject (with a reason) or question a doctor's registration, each confirmed, kept, audited and
/// e-mailed; the doctor answers from their profile page and reads a rejection when signing in; a rejected doctor is
/// neither found nor booked.
/// </summary>
public abstract class DoctorReviewTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record PendingDoctor(TestDoctor Doctor, HttpClient Browser, Guid AccountId, string Email, string FamilyName);

    /// <summary>A bookable doctor with an account, signed in, taken back to the state of a registration nobody has decided on.</summary>
    private async Task<PendingDoctor> PendingDoctorAsync()
    {
        var family = "Revu" + new string([.. Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(10)]);
        var account = await app.CreateAccountAsync($"Dr. Rita {family}", role: Roles.Doctor);
        var doctor = await app.CreateBookableDoctorAsync();
        await app.LinkDoctorAsync(account.Email!, doctor.DoctorId);
        await app.WithDbAsync(db => db.Doctors.Where(d => d.Id == doctor.DoctorId).ExecuteUpdateAsync(d => d
            .SetProperty(x => x.IsListed, false).SetProperty(x => x.Review, DoctorReview.Pending)
            .SetProperty(x => x.FamilyName, family).SetProperty(x => x.SearchKey, family.ToLowerInvariant()), Ct));
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(account.Email!, AccountsTestKit.Password);
        return new PendingDoctor(doctor, browser, account.Id, account.Email!, family);
    }

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private Task<bool> AuditedAsync(string action, PendingDoctor pending, Guid adminId) =>
        app.WithDbAsync(db => db.AuditTrail.AnyAsync(e => e.Action == action && e.ActorId == adminId
            && e.Record == $"account {pending.AccountId:D} doctor {pending.Doctor.DoctorId}", Ct));

    private Task<List<DoctorDecision>> DecisionsAsync(int doctorId) =>
        app.WithDbAsync(db => db.DoctorDecisions.Where(d => d.DoctorId == doctorId).OrderBy(d => d.Id).ToListAsync(Ct));

    [Fact]
    public async Task Reject_WithReason_IsKeptAuditedAndEmailed_AndTheDoctorIsNeitherFoundNorBooked_ButReadsTheReason()
    {
        var pending = await PendingDoctorAsync();
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var adminId = await admin.IdAsync();
        const string reason = "The licence number belongs to another doctor.";

        var answer = await (await admin.Bearer.PostJsonAsync($"/api/v1/admin/doctors/{pending.Doctor.DoctorId}/reject", new { reason }))
            .ShouldBeOkJsonAsync<JsonObject>();

        Assert.Equal("rejected", answer["review"]!.GetValue<string>());
        var decision = Assert.Single(await DecisionsAsync(pending.Doctor.DoctorId));
        Assert.Equal((DoctorDecisionKind.Rejected, reason, adminId), (decision.Kind, decision.Text, decision.ById));
        Assert.True(await AuditedAsync(AuditActions.DoctorRejected, pending, adminId));
        var mail = await app.LastMessageToAsync(pending.Email, MailboxMessageKind.Email);
        Assert.Contains(reason, mail.Body, StringComparison.Ordinal);
        Assert.Contains(CareSlotApp.PublicOrigin + "/account", mail.Body, StringComparison.Ordinal);

        var search = await (await app.CreateClient().GetAsync(Url("/api/v1/doctors?q=" + pending.FamilyName), Ct)).ShouldBeOkJsonAsync<Page<DoctorSummary>>();
        Assert.Empty(search.Items);
        var patient = (await app.CreatePatientsAsync(1))[0];
        var booking = await patient.BookAsync(pending.Doctor, app.LocalTimeTomorrow(pending.Doctor, 10, daysAhead: 2));
        Assert.InRange((int)booking.StatusCode, 400, 499);
        Assert.Equal(0, await app.WithDbAsync(db => db.Appointments.CountAsync(a => a.DoctorId == pending.Doctor.DoctorId, Ct)));

        var landing = await (await pending.Browser.GetAsync(Url("/account"), Ct)).ReadHtmlAsync();
        Assert.Contains(reason, landing.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var pendingList = await (await admin.Bearer.GetAsync(Url("/api/v1/admin/doctors/pending"), Ct)).ShouldBeOkJsonAsync<JsonArray>();
        Assert.DoesNotContain(pendingList, d => d!["id"]!.GetValue<int>() == pending.Doctor.DoctorId);
    }

    [Fact]
    public async Task AskAnswerApprove_OnThePages_KeepsEveryRound_AndListsTheDoctor()
    {
        var pending = await PendingDoctorAsync();
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var adminId = await admin.IdAsync();
        var reviewPage = $"/admin/doctors/pending/{pending.Doctor.DoctorId}";
        const string question = "Which licensing authority issued your licence?";

        var asked = await admin.Browser.SubmitFormAsync(reviewPage,
            new Dictionary<string, string> { ["Question.Reason"] = question, ["Question.Confirm"] = "true" }, formSelector: "form[action*='handler=Ask']");

        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.True(await AuditedAsync(AuditActions.DoctorInformationRequested, pending, adminId));
        var mail = await app.LastMessageToAsync(pending.Email, MailboxMessageKind.Email);
        Assert.Contains(question, mail.Body, StringComparison.Ordinal);
        Assert.Contains(CareSlotApp.PublicOrigin + "/account/doctor-profile", mail.Body, StringComparison.Ordinal);

        var answered = await pending.Browser.SubmitFormAsync("/account/doctor-profile",
            new Dictionary<string, string> { ["Answer"] = "The General Medical Council." }, formSelector: "form[action*='handler=Answer']");
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);

        var queue = await (await admin.Bearer.GetAsync(Url("/api/v1/admin/doctors/pending"), Ct)).ShouldBeOkJsonAsync<JsonArray>();
        var entry = queue.Single(d => d!["id"]!.GetValue<int>() == pending.Doctor.DoctorId)!;
        Assert.Equal("answered", entry["review"]!.GetValue<string>());
        Assert.Equal(["information-requested", "answered"], entry["history"]!.AsArray().Select(h => h!["kind"]!.GetValue<string>()));
        var list = await (await admin.Browser.GetAsync(Url("/admin/doctors/pending"), Ct)).ReadHtmlAsync();
        var row = list.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(pending.Email, StringComparison.Ordinal));
        Assert.Contains(question, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("The General Medical Council.", row.TextContent, StringComparison.Ordinal);

        var approved = await admin.Browser.SubmitFormAsync(reviewPage, new Dictionary<string, string> { ["Approval.Confirm"] = "true" },
            formSelector: "form[action*='handler=Approve']");

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal([DoctorDecisionKind.InformationRequested, DoctorDecisionKind.Answered, DoctorDecisionKind.Approved],
            (await DecisionsAsync(pending.Doctor.DoctorId)).Select(d => d.Kind));
        Assert.True(await AuditedAsync(AuditActions.DoctorApproved, pending, adminId));
        Assert.Contains("approved", (await app.LastMessageToAsync(pending.Email, MailboxMessageKind.Email)).Entry.Summary, StringComparison.OrdinalIgnoreCase);
        var search = await (await app.CreateClient().GetAsync(Url("/api/v1/doctors?q=" + pending.FamilyName), Ct)).ShouldBeOkJsonAsync<Page<DoctorSummary>>();
        Assert.Single(search.Items);
    }

    [Fact]
    public async Task Reject_OnThePage_WithoutReasonOrConfirmation_Is400WithBothMessages_AndChangesNothing()
    {
        var pending = await PendingDoctorAsync();
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);

        var response = await admin.Browser.SubmitFormAsync($"/admin/doctors/pending/{pending.Doctor.DoctorId}",
            new Dictionary<string, string> { ["Rejection.Reason"] = "  " }, formSelector: "form[action*='handler=Reject']");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.NotNull(page.QuerySelector("#Rejection_Reason-error"));
        Assert.NotNull(page.QuerySelector("#Rejection_Confirm-error"));
        Assert.Empty(await DecisionsAsync(pending.Doctor.DoctorId));
    }

    [Fact]
    public async Task Api_BadReasonUnknownDoctorOrDecidedDoctor_Are400_404_409()
    {
        var pending = await PendingDoctorAsync();
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var reject = $"/api/v1/admin/doctors/{pending.Doctor.DoctorId}/reject";

        var empty = await (await admin.Bearer.PostJsonAsync(reject, new { reason = " " })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["reason"], empty.Errors.Keys);
        var tooLong = await (await admin.Bearer.PostJsonAsync($"/api/v1/admin/doctors/{pending.Doctor.DoctorId}/request-information",
            new { question = new string('x', DoctorDecision.TextMaxLength + 1) })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["question"], tooLong.Errors.Keys);
        await (await admin.Bearer.PostJsonAsync("/api/v1/admin/doctors/999999/approve", new { })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Bearer.PostJsonAsync($"/api/v1/admin/doctors/{pending.Doctor.DoctorId}/approve", new { })).ShouldBeOkJsonAsync<JsonObject>();
        await (await admin.Bearer.PostJsonAsync(reject, new { reason = "Too late." })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal([DoctorDecisionKind.Approved], (await DecisionsAsync(pending.Doctor.DoctorId)).Select(d => d.Kind));
    }

    [Theory]
    [InlineData(Caller.Patient)]
    [InlineData(Caller.DoctorWithSecondFactor)]
    [InlineData(Caller.Admin)]
    public async Task Decisions_ByAnyoneButAnAdminWithASecondFactor_AreRefused_AndChangeNothing(Caller caller)
    {
        var pending = await PendingDoctorAsync();
        var someone = await app.SignInAsync(caller);

        var response = await someone.Bearer.PostJsonAsync($"/api/v1/admin/doctors/{pending.Doctor.DoctorId}/reject", new { reason = "No." });

        Assert.Equal(caller == Caller.Admin ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await DecisionsAsync(pending.Doctor.DoctorId));
    }
}
