using System.Net;
using System.Net.Http.Json;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using CareSlot.Web.Tests.Platform.Web;

namespace CareSlot.Web.Tests.Features.Schedules;

/// <summary>The schedule pages and the schedule API in German where German is offered and asked for; English for any other language.</summary>
public sealed class SchedulesGermanTests(GermanOfferedSqliteApp app) : IClassFixture<GermanOfferedSqliteApp>
{
    private const string Page = "/account/schedule";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Form(string handler) => $"form[action$='handler={handler}']";

    private async Task<(TestDoctor Doctor, HttpClient Browser)> GermanDoctorAsync()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var browser = await app.SignInAsDoctorAsync(doctor);
        // The doctor chooses German with the switcher: a signed-in person's saved language wins over the browser's.
        var chosen = await browser.PostPageAsync("/language", new Dictionary<string, string> { ["Culture"] = "de", ["ReturnUrl"] = Page });
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        return (doctor, browser);
    }

    [Fact]
    public async Task SchedulePage_InGerman_HeadingsWeekdaysLabelsAndDurations()
    {
        var (doctor, browser) = await GermanDoctorAsync();

        var page = await (await browser.GetAsync(new Uri(Page, UriKind.Relative), Ct)).ReadHtmlAsync();

        Assert.Equal("de", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Ihr Terminplan", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("Ihr Terminplan · CareSlot", page.Title);
        Assert.Equal(["Wöchentliche Sprechzeiten", "Abwesenheiten", "Zusätzliche Sprechzeiten", "Terminarten", "Buchungsregeln"],
            page.QuerySelectorAll("main h2").Select(h => h.TextContent.Trim()));
        var form = page.QuerySelector(Form("WeeklyHours"))!;
        Assert.Equal(["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
            form.QuerySelectorAll("fieldset.day-hours > legend").Select(l => l.TextContent.Trim()));
        Assert.Equal("Sprechzeiten 1", form.QuerySelector("fieldset.day-hours fieldset.time-range > legend")!.TextContent.Trim());
        Assert.Equal("Von (Montag, Sprechzeiten 1)",
            page.QuerySelector($"label[for='clinic-{doctor.ClinicId}-monday-working-1-start']")!.TextContent.Trim());
        Assert.StartsWith("Sprechzeiten für ", form.QuerySelector("button[type=submit]")!.TextContent.Trim(), StringComparison.Ordinal);
        var type = page.QuerySelector("#appointment-types tbody tr")!;
        Assert.Contains(" Min.", type.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(" min", type.TextContent, StringComparison.Ordinal);
        Assert.Equal("Buchungsregeln speichern", page.QuerySelector($"{Form("BookingRules")} button")!.TextContent.Trim());
    }

    [Fact]
    public async Task WeeklyHours_InvalidInGerman_TheMessageAndTheSummaryAreGerman()
    {
        var (doctor, browser) = await GermanDoctorAsync();

        var refused = await browser.PostFormAsync(Page, Form("WeeklyHours"), new Dictionary<string, string> { ["weekly.Days[0].Working[0].Start"] = "09:07" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await refused.ReadHtmlAsync();
        Assert.Equal("Verwenden Sie eine Uhrzeit im 5-Minuten-Raster (z. B. 09:05, nicht 09:07).",
            page.QuerySelector($"#clinic-{doctor.ClinicId}-monday-working-1-start-error")!.TextContent.Trim());
        Assert.Equal("Montag, Sprechzeiten 1: Verwenden Sie eine Uhrzeit im 5-Minuten-Raster (z. B. 09:05, nicht 09:07).",
            page.QuerySelector(".error-summary a")!.TextContent.Trim());
    }

    [Fact]
    public async Task TimeOff_AddedInGerman_TheNoticeAndTheWholeDayAreGerman()
    {
        var (doctor, browser) = await GermanDoctorAsync();
        var day = $"{app.Tomorrow(doctor).PlusDays(40):yyyy'-'MM'-'dd}";

        var added = await browser.PostFormAsync(Page, Form("AddTimeOff"), new Dictionary<string, string> { ["timeOff.StartDate"] = day, ["timeOff.EndDate"] = day });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var page = await (await browser.GetAsync(new Uri(Page, UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal("Die Abwesenheit ist eingetragen.", page.QuerySelector(".notice[role=status]")!.TextContent.Trim());
        var row = Assert.Single(page.QuerySelectorAll("#time-off tbody tr"));
        Assert.Contains("(ganztägig)", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Abwesenheit", row.QuerySelector("button .visually-hidden")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditTypePage_InGerman()
    {
        var (doctor, browser) = await GermanDoctorAsync();

        var page = await (await browser.GetAsync(new Uri($"/account/schedule/appointment-types/{doctor.TypeId}", UriKind.Relative), Ct)).ReadHtmlAsync();

        Assert.EndsWith("“ bearbeiten", page.QuerySelector("h1")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("Dauer in Minuten", page.QuerySelector("label[for=type-duration]")!.TextContent.Trim());
        Assert.Equal("Vor Ort", page.QuerySelector("label[for=type-mode-in-person]")!.TextContent.Trim());
        Assert.Equal("Speichern", page.QuerySelector("main form button[type=submit]")!.TextContent.Trim());
    }

    private static async Task<HttpResponseMessage> PutWeeklyHoursAsync(ApiUser doctor, string language, WeeklyHoursRequest request)
    {
        using var message = new HttpRequestMessage(HttpMethod.Put, new Uri("/api/v1/doctors/me/weekly-hours", UriKind.Relative))
        {
            Content = JsonContent.Create(request),
        };
        message.Headers.Add("Accept-Language", language);
        return await doctor.Client.SendAsync(message, Ct);
    }

    [Theory]
    [InlineData("de", "Das überschneidet sich mit den Sprechzeiten 09:00–12:00 am Dienstag.", "Verwenden Sie „working“ oder „break“.")]
    [InlineData("fr", "It overlaps the working hours 09:00–12:00 on Tuesday.", "Use \"working\" or \"break\".")]
    public async Task WeeklyHoursApi_Invalid_AnswersInTheAcceptedLanguage_ElseEnglish(string language, string overlap, string kind)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var me = await app.CreateDoctorUserAsync(doctor);

        var response = await PutWeeklyHoursAsync(me, language, new WeeklyHoursRequest(doctor.ClinicId,
        [
            new("working", "tuesday", "09:00", "12:00"), new("working", "tuesday", "11:00", "13:00"), new("lunch", "tuesday", "12:00", "13:00"),
        ]));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([overlap], problem.Errors["intervals[1].start"]);
        Assert.Equal([kind], problem.Errors["intervals[2].kind"]);
    }

    [Theory]
    [InlineData("de", "Gebuchte Termine liegen außerhalb der neuen Sprechzeiten.")]
    [InlineData("fr", "Booked appointments are outside the new hours.")]
    public async Task WeeklyHoursApi_StrandingABookedPatient_AnswersInTheAcceptedLanguage(string language, string title)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var me = await app.CreateDoctorUserAsync(doctor);
        var patient = (await app.CreatePatientsAsync(1))[0];
        await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10));

        var response = await PutWeeklyHoursAsync(me, language, new WeeklyHoursRequest(doctor.ClinicId, []));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(title, problem.Title);
    }
}
