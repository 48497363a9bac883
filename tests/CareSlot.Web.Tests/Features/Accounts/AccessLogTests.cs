using System.Net;
using System.Net.Http.Json;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.Accounts;

public sealed class AccessLogTestsOnSqlite(SqliteApp app) : AccessLogTests(app), IClassFixture<SqliteApp>;

public sealed class AccessLogTestsOnPostgres(PostgresApp app) : AccessLogTests(app), IClassFixture<PostgresApp>;

/// <summary>A patient's "who looked at my record, and when" (/account/access-log and its API twin).</summary>
public abstract class AccessLogTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Patient(Guid Id, string Email, HttpClient Browser);

    /// <summary>A signed-in patient with an appointment at a Berlin clinic, and that clinic's doctor with an account.</summary>
    private async Task<(Patient Patient, Guid DoctorAccount, string DoctorName)> PatientWithADoctorAsync()
    {
        var doctor = await app.CreateBookableDoctorAsync("Europe/Berlin");
        var doctorUser = await app.CreateDoctorUserAsync(doctor);
        var email = await app.RegisterVerifiedPatientAsync();
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(email, AccountsTestKit.Password);
        var booked = await browser.PostAsJsonAsync("/api/v1/appointments",
            new BookAppointmentRequest(doctor.DoctorId, doctor.TypeId, app.LocalTimeTomorrow(doctor, 10), "Check-up"), Ct);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var id = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct));
        var name = await app.WithDbAsync(db => db.Doctors.Where(d => d.Id == doctor.DoctorId).Select(d => d.Title + " " + d.GivenName + " " + d.FamilyName).SingleAsync(Ct));
        return (new Patient(id, email, browser), doctorUser.Id, name);
    }

    private static async Task<AngleSharp.Dom.IDocument> PageAsync(Patient patient, string query = "")
    {
        var response = await patient.Browser.GetAsync(new Uri("/account/access-log" + query, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadHtmlAsync();
    }

    private static string[][] Rows(AngleSharp.Dom.IDocument page) =>
        [.. page.QuerySelectorAll(".access-log tbody tr").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToArray())];

    [Fact]
    public async Task AccessLog_DoctorReadTheHistory_ShowsTheDoctorByName_WhenInClinicTime_AndWhat()
    {
        var (patient, doctorAccount, doctorName) = await PatientWithADoctorAsync();
        app.Clock.AdjustTime(new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero));

        // What the records feature does when the doctor opens the history: the doctor is the actor, the patient the subject.
        await app.RecordAuditAsync(new AuditEvent(AuditActions.HistoryRead, AuditOutcome.Allowed, patient.Id, "history", doctorAccount, Roles.Doctor));

        var page = await PageAsync(patient);
        var row = Assert.Single(Rows(page));
        Assert.Equal(["Tuesday 24 November 2026, 10:30 CET", doctorName, "Read your medical history"], row);
        Assert.Equal("2026-11-24T10:30:00+01", page.QuerySelector(".access-log time")!.GetAttribute("datetime"));
        Assert.Equal("no", page.QuerySelector(".access-log tbody th")!.GetAttribute("translate"));
    }

    [Fact]
    public async Task AccessLog_ShowsOnlyOthersAllowedAccessToThisPatient_AndAnAdministratorOnlyAsEmergencyAccess()
    {
        var (patient, doctorAccount, doctorName) = await PatientWithADoctorAsync();
        var adminId = Guid.NewGuid();
        await app.RecordAuditAsync(new AuditEvent(AuditActions.BreakGlassOpen, AuditOutcome.Allowed, patient.Id, "break-glass 1", adminId, Roles.Admin));
        await app.RecordAuditAsync(new AuditEvent(AuditActions.NoteRead, AuditOutcome.Allowed, patient.Id, "visit-note 1", adminId, Roles.Admin));
        // Not shown: the patient's own reading, a refused attempt, and another patient's record.
        await app.RecordAuditAsync(new AuditEvent(AuditActions.HistoryRead, AuditOutcome.Allowed, patient.Id, "history", patient.Id, Roles.Patient));
        await app.RecordAuditAsync(new AuditEvent(AuditActions.HistoryRead, AuditOutcome.Refused, patient.Id, "history", doctorAccount, Roles.Doctor));
        await app.RecordAuditAsync(new AuditEvent(AuditActions.HistoryRead, AuditOutcome.Allowed, Guid.NewGuid(), "history", doctorAccount, Roles.Doctor));
        await app.RecordAuditAsync(new AuditEvent(AuditActions.MessageWrite, AuditOutcome.Allowed, patient.Id, "message 7", doctorAccount, Roles.Doctor));

        var rows = Rows(await PageAsync(patient));

        Assert.Equal([
            $"{doctorName} | Wrote you a message",
            "An administrator (emergency access) | Read a visit note",
            "An administrator (emergency access) | Opened emergency access to your record",
        ], rows.Select(r => string.Join(" | ", r[1..])));
    }

    [Fact]
    public async Task AccessLog_MoreThanAPage_IsPagedNewestFirst()
    {
        var (patient, doctorAccount, _) = await PatientWithADoctorAsync();
        for (var i = 0; i < AccessLog.PageSize + 1; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            await app.RecordAuditAsync(new AuditEvent(i == 0 ? AuditActions.AttachmentRead : AuditActions.NoteRead, AuditOutcome.Allowed, patient.Id, $"n {i}", doctorAccount, Roles.Doctor));
        }

        var first = await PageAsync(patient);
        var second = await PageAsync(patient, "?page=2");

        Assert.Equal(AccessLog.PageSize, Rows(first).Length);
        Assert.Equal("Read a visit note", Rows(first)[0][2]);
        Assert.Equal("?page=2", first.QuerySelector(".pager a[rel=next]")!.GetAttribute("href"));
        Assert.Equal(["Opened an attachment"], Rows(second).Select(r => r[2]));
        Assert.Null(second.QuerySelector(".pager a[rel=next]"));
        Assert.Equal("?page=1", second.QuerySelector(".pager a[rel=prev]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task AccessLogApi_InGerman_AnswersTheSameEntries()
    {
        var (patient, doctorAccount, doctorName) = await PatientWithADoctorAsync();
        app.Clock.AdjustTime(new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero));
        await app.RecordAuditAsync(new AuditEvent(AuditActions.HistoryRead, AuditOutcome.Allowed, patient.Id, "history", doctorAccount, Roles.Doctor));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/account/access-log", UriKind.Relative));
        request.Headers.Add("Accept-Language", "de");

        var log = await (await patient.Browser.SendAsync(request, Ct)).ShouldBeOkJsonAsync<AccessLogPage>();

        Assert.Equal((1, false), (log.Page, log.HasOlder));
        var entry = Assert.Single(log.Entries);
        Assert.Equal(("2026-11-24T10:30:00+01", "Dienstag, 24. November 2026, 10:30 MEZ", doctorName, "Hat Ihre Krankengeschichte gelesen"),
            (entry.At, entry.When, entry.Who, entry.What));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("abc")]
    [InlineData("100001")]
    [InlineData("99999999999999999999")]
    [InlineData("1%0A")]
    [InlineData("%EF%BC%91")]
    public async Task AccessLog_PageThatIsNoPage_Is400NamingIt(string page)
    {
        var (patient, _, _) = await PatientWithADoctorAsync();

        var api = await (await patient.Browser.GetAsync(new Uri("/api/v1/account/access-log?page=" + page, UriKind.Relative), Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var html = await patient.Browser.GetAsync(new Uri("/account/access-log?page=" + page, UriKind.Relative), Ct);

        Assert.Equal(["page"], api.Errors.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, html.StatusCode);
        Assert.Contains("The page must be a whole number from 1 to 100000.", (await html.ReadHtmlAsync()).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccountPage_OfAPatient_LinksToTheAccessLog()
    {
        var (patient, _, _) = await PatientWithADoctorAsync();

        var account = await (await patient.Browser.GetAsync(new Uri("/account", UriKind.Relative), Ct)).ReadHtmlAsync();

        Assert.NotNull(account.QuerySelector("a[href='/account/access-log']"));
    }
}
