using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Tests.Features.Appointments;

/// <summary>Booking, the appointment pages and the appointment API's refusals in German (issue 16), English for a language not offered.</summary>
public sealed class AppointmentsGermanTests(GermanOfferedSqliteApp app) : IClassFixture<GermanOfferedSqliteApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A verified patient whose profile speaks German, signed in in a browser: for pages the profile's language comes first.</summary>
    private async Task<HttpClient> GermanPatientAsync()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(u => u.SetProperty(a => a.PreferredLanguage, "de"), Ct));
        var browser = app.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(email, AccountsTestKit.Password)).StatusCode);
        return browser;
    }

    private static async Task<AngleSharp.Dom.IDocument> PageAsync(HttpClient browser, string url) =>
        await (await browser.GetAsync(new Uri(url, UriKind.Relative), Ct)).ReadHtmlAsync();

    [Fact]
    public async Task BookAndCancel_ThroughThePages_InGerman()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var browser = await GermanPatientAsync();

        var hold = await browser.SubmitFormAsync($"/doctors/{doctor.DoctorId}", new Dictionary<string, string> { ["start"] = app.LocalTimeTomorrow(doctor, 9, daysAhead: 3) });
        var confirmUrl = hold.Headers.Location!.OriginalString;
        var confirm = await PageAsync(browser, confirmUrl);

        Assert.Equal("de", confirm.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Termin bestätigen", confirm.QuerySelector("h1")!.TextContent);
        Assert.StartsWith("Wir reservieren diese Zeit für Sie bis ", confirm.QuerySelector("main .notice")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("(noch 5 Minuten)", confirm.QuerySelector("main .notice")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(confirm.QuerySelector("main .notice strong"));
        Assert.Equal(["Arzt", "Terminart", "Wann", "Wo"], confirm.QuerySelectorAll(".facts dt").Select(dt => dt.TextContent));
        Assert.StartsWith("Grund des Termins", confirm.QuerySelector("label[for=Reason]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Buchung bestätigen", confirm.QuerySelector("main button[type=submit]")!.TextContent);

        var booked = await browser.SubmitFormAsync(confirmUrl, new Dictionary<string, string> { ["Reason"] = "" });
        var details = await PageAsync(browser, booked.Headers.Location!.OriginalString);

        Assert.Equal("Ihr Termin ist gebucht", details.QuerySelector("h1")!.TextContent);
        Assert.Equal("Wir haben Ihnen die Einzelheiten per E-Mail geschickt.", details.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal("Bestätigt", details.QuerySelector(".facts .status")!.TextContent);
        Assert.Equal("Termin absagen", details.QuerySelector("main form[action*=Cancel] button")!.TextContent);
        Assert.Equal("Alle Änderungen an diesem Termin, die älteste zuerst", details.QuerySelector("main caption")!.TextContent);
        Assert.Contains(details.QuerySelectorAll(".data-table td"), td => td.TextContent.Trim() == "Von der Praxis automatisch bestätigt");
        Assert.Contains(details.QuerySelectorAll(".data-table td"), td => td.TextContent.Trim() == "Angefragt → Bestätigt");

        var detailsUrl = booked.Headers.Location!.OriginalString.Split('?')[0];
        var cancelled = await (await browser.SubmitFormAsync(detailsUrl, new Dictionary<string, string> { ["reason"] = "" })).ReadHtmlAsync();

        Assert.Equal("Der Termin ist abgesagt.", cancelled.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal("Abgesagt", cancelled.QuerySelector(".facts .status")!.TextContent);
        var list = await PageAsync(browser, "/appointments");
        Assert.Equal("Ihre Termine", list.QuerySelector("h1")!.TextContent);
        Assert.Equal("Anstehende Termine, die nächsten zuerst", list.QuerySelector("#upcoming-title + .table-scroll caption")!.TextContent);
        Assert.Equal("Termine · CareSlot", list.Title);
    }

    [Fact]
    public async Task ReschedulePage_InGerman()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var browser = await GermanPatientAsync();
        var hold = await browser.SubmitFormAsync($"/doctors/{doctor.DoctorId}", new Dictionary<string, string> { ["start"] = app.LocalTimeTomorrow(doctor, 10, daysAhead: 4) });
        var booked = await browser.SubmitFormAsync(hold.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Reason"] = "" });
        var detailsUrl = booked.Headers.Location!.OriginalString.Split('?')[0];

        var page = await PageAsync(browser, $"{detailsUrl}/reschedule");

        Assert.StartsWith("Ihren Termin bei ", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Neue Zeit wählen", page.QuerySelector("#book-title")!.TextContent);
        Assert.Contains(page.QuerySelectorAll($"main a[href='{detailsUrl}']"), a => a.TextContent == "Bisherige Zeit behalten");
    }

    [Theory]
    [InlineData("de", "Wählen Sie einen Arzt.", "Wählen Sie eine Zeit: eine ISO-8601-Zeit")]
    [InlineData("fr", "Choose a doctor.", "Choose a time: an ISO-8601 time")]
    public async Task Api_BookingRefused_InTheRequestedLanguage_ElseEnglish(string language, string doctorError, string startError)
    {
        var patient = (await app.CreatePatientsAsync(1))[0];
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/appointments", UriKind.Relative))
        {
            Content = JsonContent.Create(new { doctorId = (int?)null, appointmentTypeId = 1, start = "tomorrow" }),
        };
        request.Headers.Add("Accept-Language", language);

        var problem = await (await patient.Client.SendAsync(request, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(doctorError, problem.Errors["doctorId"][0]);
        Assert.StartsWith(startError, problem.Errors["start"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de", "Diese Zeit ist nicht frei.", "Einen solchen Termin gibt es für Sie nicht.")]
    [InlineData("fr", "That time is not free.", "There is no such appointment you can see.")]
    public async Task Api_Conflicts_AndNotFound_InTheRequestedLanguage_ElseEnglish(string language, string takenTitle, string notFoundDetail)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patients = await app.CreatePatientsAsync(2);
        var start = app.LocalTimeTomorrow(doctor, 11, daysAhead: 5);
        await patients[0].BookOkAsync(doctor, start);
        foreach (var patient in patients) patient.Client.DefaultRequestHeaders.Add("Accept-Language", language);

        var taken = await (await patients[1].BookAsync(doctor, start)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var missing = await (await patients[1].Client.GetAsync(new Uri($"/api/v1/appointments/{Guid.NewGuid()}", UriKind.Relative), Ct))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(takenTitle, taken.Title);
        Assert.Equal(notFoundDetail, missing.Detail);
    }

    [Theory]
    [InlineData("de", "Der Termin hat noch nicht begonnen.", "Ein Termin kann erst nach seinem Beginn als „Wahrgenommen“ markiert werden.",
        "Nennen Sie dem Patienten einen Grund für die Änderung.")]
    [InlineData("fr", "The appointment has not started yet.", "A visit can be marked completed once it has started.",
        "Give the patient a reason for the change.")]
    public async Task Api_DoctorsChangesRefused_InTheRequestedLanguage_ElseEnglish(string language, string title, string detail, string reasonError)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var booked = await (await app.CreatePatientsAsync(1))[0].BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 12, daysAhead: 6));
        var staff = await app.CreateDoctorUserAsync(doctor);
        staff.Client.DefaultRequestHeaders.Add("Accept-Language", language);

        var early = await (await staff.Client.PostAsJsonAsync($"/api/v1/appointments/{booked.Id}/status", new ChangeStatusRequest("completed", null), Ct))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var unexplained = await (await staff.Client.PostAsJsonAsync($"/api/v1/appointments/{booked.Id}/cancel", new CancelAppointmentRequest(""), Ct))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal((title, detail), (early.Title, early.Detail));
        Assert.Equal(reasonError, unexplained.Errors["reason"][0]);
    }

    [Theory]
    [InlineData(AppointmentStatus.Requested, "Angefragt")]
    [InlineData(AppointmentStatus.Confirmed, "Bestätigt")]
    [InlineData(AppointmentStatus.Completed, "Wahrgenommen")]
    [InlineData(AppointmentStatus.Cancelled, "Abgesagt")]
    [InlineData(AppointmentStatus.NoShow, "Nicht erschienen")]
    public void StatusNames_InGerman_FollowTheGlossary(AppointmentStatus status, string german)
    {
        var text = app.Services.GetRequiredService<IStringLocalizer<AppointmentsText>>();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("de");
            Assert.Equal(german, StatusNames.Display(status, text));
            Assert.Equal(german, StatusNames.DisplayApi(StatusNames.Api(status), text));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
