using System.Net;
using System.Net.Http.Json;
using System.Text;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Platform.Web;

public sealed class InputTextTestsOnSqlite(SqliteApp app) : InputTextTests(app), IClassFixture<SqliteApp>;

public sealed class InputTextTestsOnPostgres(PostgresApp app) : InputTextTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Issue 14's defects 2, 3 and 9 one by one, each as it was found: NUL reached PostgreSQL (22021, a 500), extreme
/// dates overflowed NodaTime (a 500), and names of invisible characters, line breaks or direction overrides were kept.
/// </summary>
public abstract class InputTextTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string FarFuture = "9999-12-31T23:59:59-18:00";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("/api/v1/doctors?specialty=%00", "specialty")]
    [InlineData("/api/v1/doctors?city=Berlin%00", "city")]
    [InlineData("/api/v1/doctors?q=%07", "q")]
    [InlineData("/api/v1/doctors/%07", "id")]
    public async Task DirectoryApi_ControlCharacterInParameter_Is400NamingIt(string url, string parameter)
    {
        var response = await app.CreateClient().GetAsync(new Uri(url, UriKind.Relative), Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(parameter, problem.Errors.Keys);
    }

    [Fact]
    public async Task DirectoryPage_NulInCity_ShowsTheErrorNextToTheField()
    {
        var response = await app.CreateClient().GetAsync(new Uri("/doctors?city=Ber%00lin", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.Contains("control character", page.QuerySelector("#city-error")?.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/auth/login", """{"email":"a\u0000@example.com","password":"x"}""", "email")]
    [InlineData("/api/v1/auth/forgot-password", """{"email":"a\u0000@example.com"}""", "email")]
    [InlineData("/api/v1/auth/verify-phone", """{"email":"a@example.com\u0000","code":"123456"}""", "email")]
    [InlineData("/api/v1/auth/reset-password", """{"email":"a@example.com","token":"\u0000","newPassword":"x"}""", "token")]
    [InlineData("/api/v1/auth/confirm-email", """{"token":"\u001b"}""", "token")]
    public async Task AccountsApi_ControlCharacterInEmailOrToken_Is400NamingIt(string url, string body, string field)
    {
        var response = await app.CreateClient().PostAsync(new Uri(url, UriKind.Relative), Json(body), Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.Errors.Keys);
    }

    [Fact]
    public async Task SignInPage_ControlCharacterInEmail_ShowsTheErrorNextToTheField()
    {
        var response = await app.CreateBrowserClient().PostPageAsync("/account/sign-in", new Dictionary<string, string>
        {
            ["Input.Email"] = "someone\u0007@example.com", ["Input.Password"] = "whatever-password",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.Contains("control character", page.QuerySelector("#Input_Email-error")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_NulInEmail_IsRefusedByTheFormReader_WithA400PageThatSaysSo()
    {
        // ASP.NET Core's form reader refuses a form with a NUL before any page sees it, so there is no field to show it at.
        var response = await app.CreateBrowserClient().PostPageAsync("/account/sign-in", new Dictionary<string, string>
        {
            ["Input.Email"] = "someone\0@example.com", ["Input.Password"] = "whatever-password",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("That request was not understood", (await response.ReadHtmlAsync()).QuerySelector("h1")?.TextContent);
    }

    [Fact]
    public async Task Book_NulInReason_Is400NamingReason_AndBooksNothing()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = await app.CreateApiUserAsync(Roles.Patient);

        var response = await patient.BookAsync(doctor, app.LocalTimeTomorrow(doctor, 10), reason: "Back\0pain");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("reason", problem.Errors.Keys);
        Assert.Equal(0, await app.WithDbAsync(db => db.Appointments.CountAsync(a => a.PatientId == patient.Id, Ct)));
    }

    [Fact]
    public async Task Book_LineBreaksAndTabsInReason_AreKept_AsAReasonIsMultiLine()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = await app.CreateApiUserAsync(Roles.Patient);

        var response = await patient.BookAsync(doctor, app.LocalTimeTomorrow(doctor, 10), reason: "Back pain\r\n\tsince Monday");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = await app.WithDbAsync(db => db.Appointments.Where(a => a.PatientId == patient.Id).Select(a => new { a.Id, a.Reason }).SingleAsync(Ct));
        Assert.Equal("Back pain\r\n\tsince Monday", app.Services.GetRequiredService<FieldProtector>().Open(stored.Reason, stored.Id, Appointment.ReasonColumn));
    }

    [Fact]
    public async Task SchedulesApi_NulInTimeOffNoteOrTypeName_Is400NamingTheField()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var owner = await app.CreateDoctorUserAsync(doctor);

        var timeOff = await owner.Client.PostAsync(new Uri("/api/v1/doctors/me/time-off", UriKind.Relative),
            Json("""{"start":"2027-01-04T09:00","end":"2027-01-04T12:00","note":"dentist\u0000"}"""), Ct);
        var type = await owner.Client.PostAsync(new Uri("/api/v1/doctors/me/appointment-types", UriKind.Relative),
            Json("""{"name":"Check\u0000up","durationMinutes":30}"""), Ct);
        var hours = await owner.Client.PutAsync(new Uri("/api/v1/doctors/me/weekly-hours", UriKind.Relative),
            Json($$"""{"clinicId":{{doctor.ClinicId}},"intervals":[{"kind":"working","day":"monday","start":"09:00","end":"12:00\u0000"}]}"""), Ct);

        Assert.Contains("note", (await timeOff.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains("name", (await type.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains("intervals[0].end", (await hours.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [Theory]
    [InlineData("\u200B\u200B\uFEFF")] // invisible only
    [InlineData("\u3164")] // a Hangul filler: a letter that shows nothing
    [InlineData("Mallory\r\nBcc: victim@example.com")]
    [InlineData("Mallory \u202Eredlof")]
    [InlineData("Mallory\u2066 hidden")]
    public async Task Register_NameThatShowsNothingOrBreaksLinesOrDirection_Is400NamingFullName(string fullName)
    {
        var request = AccountsTestKit.ValidRegistration() with { FullName = fullName };

        var response = await app.CreateClient().RegisterAsync(request);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("fullName", problem.Errors.Keys);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == request.Email, Ct)));
    }

    [Fact]
    public async Task Register_NameWithJoinerInside_IsKept()
    {
        // Zero-width joiners belong inside some scripts' names; only names of nothing else are refused.
        var request = AccountsTestKit.ValidRegistration() with { FullName = "Anu\u200DRadha Iyer" };

        var response = await app.CreateClient().RegisterAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Register_DatabaseFailureOtherThanADuplicate_IsAFault_NotReportedAsATakenAddress()
    {
        var request = AccountsTestKit.ValidRegistration();
        await app.WithDbAsync(async db =>
        {
            // A real failure of the insert that is not a unique violation, raised by the database itself. DDL takes no
            // parameters; the address is the test's own (a GUID at example.com).
            var sql = db.Database.IsNpgsql()
                ? """
                  CREATE FUNCTION refuse_registration() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'simulated failure' USING ERRCODE = '23514'; END $$ LANGUAGE plpgsql;
                  CREATE TRIGGER refuse_registration BEFORE INSERT ON "AspNetUsers" FOR EACH ROW WHEN (NEW."Email" = 'EMAIL') EXECUTE FUNCTION refuse_registration();
                  """
                : """
                  CREATE TRIGGER refuse_registration BEFORE INSERT ON "AspNetUsers" WHEN NEW."Email" = 'EMAIL'
                  BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;
                  """;
            await db.Database.ExecuteSqlRawAsync(sql.Replace("EMAIL", request.Email, StringComparison.Ordinal), Ct);
            return 0;
        });
        try
        {
            var response = await app.CreateClient().RegisterAsync(request);

            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.InternalServerError, $"{(int)response.StatusCode}: {body}");
            Assert.DoesNotContain("already exists", body, StringComparison.Ordinal);
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql()
                ? """DROP TRIGGER refuse_registration ON "AspNetUsers"; DROP FUNCTION refuse_registration();"""
                : "DROP TRIGGER refuse_registration;", Ct));
        }
    }

    [Fact]
    public async Task Register_SameAddressTwice_IsStillATakenAddress()
    {
        var request = AccountsTestKit.ValidRegistration();
        await app.CreateClient().RegisterAsync(request);

        var again = await app.CreateClient().RegisterAsync(request with { Phone = "+447400123124" });

        var problem = await again.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("already exists", problem.Errors["email"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slots_FarFutureFrom_Is400NamingFrom()
    {
        var doctor = await app.CreateBookableDoctorAsync();

        var response = await app.CreateClient().GetAsync(new Uri(
            $"/api/v1/doctors/{doctor.DoctorId}/slots?appointmentTypeId={doctor.TypeId}&from={Uri.EscapeDataString("9999-12-31T23:59:59Z")}", UriKind.Relative), Ct);

        Assert.Contains("from", (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [Theory]
    [InlineData(FarFuture)]
    [InlineData("0001-01-01T00:00:00+14:00")]
    [InlineData("1899-12-31T23:59:59Z")]
    public async Task HoldBookAndReschedule_ExtremeStart_Is400NamingStart(string start)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = await app.CreateApiUserAsync(Roles.Patient);
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10));

        var hold = await patient.Client.PostAsJsonAsync("/api/v1/appointments/holds", new HoldSlotRequest(doctor.DoctorId, doctor.TypeId, start), Ct);
        var book = await patient.BookAsync(doctor, start);
        var move = await patient.Client.PostAsJsonAsync($"/api/v1/appointments/{booked.Id}/reschedule", new RescheduleRequest(start, null), Ct);

        Assert.Contains("start", (await hold.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains("start", (await book.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains("start", (await move.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [Theory]
    [InlineData("9999-12-31T10:00")]
    [InlineData("-9998-01-01T10:00")]
    public async Task TimeOff_ExtremeEnd_Is400NamingEnd(string end)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var owner = await app.CreateDoctorUserAsync(doctor);

        var response = await owner.Client.PostAsync(new Uri("/api/v1/doctors/me/time-off", UriKind.Relative),
            Json($$"""{"start":"2027-01-04T09:00","end":"{{end}}"}"""), Ct);

        Assert.Contains("end", (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [Fact]
    public async Task DoctorProfilePage_FarWeek_ShowsTheLastBookableWeek_NotAFault()
    {
        var doctor = await app.CreateBookableDoctorAsync();

        var response = await app.CreateClient().GetAsync(new Uri($"/doctors/{doctor.DoctorId}?week=-9998-01-01", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
