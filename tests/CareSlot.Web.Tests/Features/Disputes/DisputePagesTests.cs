using System.Net;
using System.Text.Json;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Features.Schedules;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Disputes;

public sealed class DisputePagesTestsOnSqlite(SqliteApp app) : DisputePagesTests(app), IClassFixture<SqliteApp>;

public sealed class DisputePagesTestsOnPostgres(PostgresApp app) : DisputePagesTests(app), IClassFixture<PostgresApp>;

/// <summary>The dispute pages as a browser without JavaScript uses them: forms that post and redirect, errors next to their fields.</summary>
public abstract class DisputePagesTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Pair(CallerSession Patient, CallerSession Doctor, Guid AppointmentId);

    /// <summary>A patient and a doctor, each signed in by cookie as in a browser, the patient with a visit booked.</summary>
    private async Task<Pair> PairAsync()
    {
        var patient = await app.SignInAsync(Caller.Patient);
        var doctor = await app.SignInAsync(Caller.DoctorWithSecondFactor);
        var doctorAccount = JsonDocument.Parse(await doctor.Bearer.GetStringAsync(new Uri("/api/v1/me", UriKind.Relative), Ct)).RootElement.GetProperty("id").GetGuid();
        var testDoctor = await app.WithDbAsync(async db =>
        {
            var id = await db.Doctors.Where(d => d.AccountId == doctorAccount).Select(d => d.Id).SingleAsync(Ct);
            var typeId = await db.AppointmentTypes.Where(t => t.DoctorId == id).Select(t => t.Id).FirstAsync(Ct);
            var clinic = await db.Clinics.Where(c => c.Doctors.Any(d => d.Id == id)).Select(c => new { c.Id, c.TimeZoneId }).FirstAsync(Ct);
            return new TestDoctor(id, clinic.Id, typeId, DateTimeZoneProviders.Tzdb[clinic.TimeZoneId], "");
        });
        var booked = await new ApiUser(Guid.Empty, "", patient.Bearer).BookOkAsync(testDoctor, app.LocalTimeTomorrow(testDoctor, 10, daysAhead: 2));
        return new Pair(patient, doctor, booked.Id);
    }

    private static async Task<AngleSharp.Dom.IDocument> OpenAsync(HttpClient browser, string url, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await browser.GetAsync(new Uri(url, UriKind.Relative), Ct);
        Assert.True(response.StatusCode == status, $"{url}: {(int)response.StatusCode}");
        return await response.ReadHtmlAsync();
    }

    private static async Task<string> OpenDisputeAsync(Pair pair)
    {
        var opened = await pair.Patient.Browser.SubmitFormAsync($"/disputes/new?appointmentId={pair.AppointmentId}", new Dictionary<string, string>
        {
            ["Input.Kind"] = "conduct",
            ["Input.Statement"] = "I waited an hour\nand nobody said why.",
        });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var location = opened.Headers.Location!.OriginalString;
        Assert.Matches("^/disputes/[0-9a-f-]{36}\\?opened=true$", location);
        return location.Split('?')[0];
    }

    [Fact]
    public async Task Dispute_OpenedFromTheAppointment_AssignedAndResolvedOnTheAdminPages_ThePatientSeesEveryStep()
    {
        var pair = await PairAsync();
        foreach (var party in new[] { pair.Patient, pair.Doctor })
        {
            var details = await OpenAsync(party.Browser, $"/appointments/{pair.AppointmentId}");
            Assert.NotNull(details.QuerySelector($"a[href='/disputes/new?appointmentId={pair.AppointmentId}']"));
        }
        var disputeUrl = await OpenDisputeAsync(pair);
        var disputeId = Guid.Parse(disputeUrl.Split('/')[^1]);
        Assert.Contains("nobody said why", (await OpenAsync(pair.Doctor.Browser, disputeUrl)).QuerySelector("#dispute-history")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull((await OpenAsync(pair.Patient.Browser, "/disputes")).QuerySelector($"a[href='{disputeUrl}']"));
        // One dispute at a time: the page links to the one in progress instead of a form.
        var again = await OpenAsync(pair.Patient.Browser, $"/disputes/new?appointmentId={pair.AppointmentId}");
        Assert.Null(again.QuerySelector("main form[method=post]"));
        Assert.NotNull(again.QuerySelector($"a[href='{disputeUrl}']"));

        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var adminUrl = $"/admin/disputes/{disputeId}";
        Assert.NotNull((await OpenAsync(admin.Browser, "/admin/disputes")).QuerySelector($"a[href='{adminUrl}']"));
        Assert.Null((await OpenAsync(admin.Browser, adminUrl)).QuerySelector("form[action*='handler=Resolve']"));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.Browser.PostFormAsync(adminUrl, "form[action*='handler=Assign']", new Dictionary<string, string>())).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.Browser.PostFormAsync(adminUrl, "form[action*='handler=Ask']", new Dictionary<string, string>
        {
            ["Question.Audience"] = "both",
            ["Question.Text"] = "Did the clinic call you?",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await pair.Patient.Browser.PostFormAsync(disputeUrl, "form[action*='handler=Statement']", new Dictionary<string, string>
        {
            ["Input.Statement"] = "No, nobody called.",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.Browser.PostFormAsync(adminUrl, "form[action*='handler=Resolve']", new Dictionary<string, string>
        {
            ["Resolution.Outcome"] = "upheld",
            ["Resolution.Explanation"] = "The clinic will call ahead next time.",
        })).StatusCode);

        var seen = await OpenAsync(pair.Patient.Browser, disputeUrl);
        Assert.Equal(5, seen.QuerySelectorAll("#dispute-history > li").Length);
        Assert.Contains("The clinic will call ahead next time.", seen.QuerySelector("#dispute-history")!.TextContent, StringComparison.Ordinal);
        Assert.Null(seen.QuerySelector("form[action*='handler=Statement']"));
        Assert.True(await app.WithDbAsync(db => db.AuditTrail.AnyAsync(e => e.Action == AuditActions.DisputeRead && e.Record == $"dispute {disputeId}", Ct)));
    }

    [Fact]
    public async Task Forms_BadInput_Are400_WithTheMessageNextToTheField()
    {
        var pair = await PairAsync();
        var empty = await pair.Patient.Browser.SubmitFormAsync($"/disputes/new?appointmentId={pair.AppointmentId}", new Dictionary<string, string>
        {
            ["Input.Kind"] = "",
            ["Input.Statement"] = " ",
        });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var page = await empty.ReadHtmlAsync();
        Assert.NotNull(page.QuerySelector("#Input_Kind-error"));
        Assert.NotNull(page.QuerySelector("#Input_Statement-error"));

        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var queue = await OpenAsync(admin.Browser, "/admin/disputes?state=asleep&kind=%00", HttpStatusCode.BadRequest);
        Assert.NotNull(queue.QuerySelector("#state-error"));
        Assert.NotNull(queue.QuerySelector("#kind-error"));

        var disputeUrl = await OpenDisputeAsync(pair);
        var adminUrl = $"/admin{disputeUrl}";
        await admin.Browser.PostFormAsync(adminUrl, "form[action*='handler=Assign']", new Dictionary<string, string>());
        var unexplained = await admin.Browser.PostFormAsync(adminUrl, "form[action*='handler=Resolve']", new Dictionary<string, string>
        {
            ["Resolution.Outcome"] = "maybe",
            ["Resolution.Explanation"] = "",
        });
        Assert.Equal(HttpStatusCode.BadRequest, unexplained.StatusCode);
        var resolvePage = await unexplained.ReadHtmlAsync();
        Assert.NotNull(resolvePage.QuerySelector("#Resolution_Outcome-error"));
        Assert.NotNull(resolvePage.QuerySelector("#Resolution_Explanation-error"));
    }

    [Fact]
    public async Task SomeoneElsesDisputeOrAppointment_Is404_OnEveryPage()
    {
        var pair = await PairAsync();
        var disputeUrl = await OpenDisputeAsync(pair);
        var stranger = await app.SignInAsync(Caller.Patient);

        await OpenAsync(stranger.Browser, disputeUrl, HttpStatusCode.NotFound);
        await OpenAsync(stranger.Browser, $"/disputes/new?appointmentId={pair.AppointmentId}", HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Browser.PostPageAsync($"{disputeUrl}?handler=Withdraw")).StatusCode);
        // The other party may add statements but not withdraw what it did not open.
        var refused = await pair.Doctor.Browser.PostFormAsync(disputeUrl, "form[action*='handler=Statement']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Null((await OpenAsync(pair.Doctor.Browser, disputeUrl)).QuerySelector("form[action*='handler=Withdraw']"));
    }
}
