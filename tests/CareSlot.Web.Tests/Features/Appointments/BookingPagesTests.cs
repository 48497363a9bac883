using System.Net;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Time;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Appointments;

public sealed class BookingPagesTestsOnSqlite(SqliteApp app) : BookingPagesTests(app), IClassFixture<SqliteApp>;

public sealed class BookingPagesTestsOnPostgres(PostgresApp app) : BookingPagesTests(app), IClassFixture<PostgresApp>;

/// <summary>The booking flow as a browser without JavaScript drives it: plain forms, redirects and cookies.</summary>
public abstract class BookingPagesTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Browser, string Email)> SignedInPatientAsync()
    {
        var email = await app.RegisterVerifiedPatientAsync();
        var browser = app.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(email, AccountsTestKit.Password)).StatusCode);
        return (browser, email);
    }

    private static async Task<string> BookThroughPagesAsync(HttpClient browser, int doctorId, string start, string reason)
    {
        var hold = await browser.SubmitFormAsync($"/doctors/{doctorId}", new Dictionary<string, string> { ["start"] = start });
        Assert.Equal(HttpStatusCode.Redirect, hold.StatusCode);
        var confirmUrl = hold.Headers.Location!.OriginalString;
        Assert.StartsWith("/appointments/confirm/", confirmUrl, StringComparison.Ordinal);
        var booked = await browser.SubmitFormAsync(confirmUrl, new Dictionary<string, string> { ["Reason"] = reason });
        Assert.Equal(HttpStatusCode.Redirect, booked.StatusCode);
        return booked.Headers.Location!.OriginalString;
    }

    [Fact]
    public async Task Profile_ShowsAWeekOfSlotButtonsInClinicTime()
    {
        var doctor = await app.CreateBookableDoctorAsync("America/New_York");

        var tomorrow = app.LocalTimeTomorrow(doctor, 8)[..10]; // other tests move the clock: ask for tomorrow's week
        var page = await (await app.CreateClient().GetAsync(new Uri($"/doctors/{doctor.DoctorId}?week={tomorrow}", UriKind.Relative), Ct)).ReadHtmlAsync();

        Assert.Contains("America/New_York", page.QuerySelector(".booking .notice")!.TextContent, StringComparison.Ordinal);
        var tomorrowAtEight = app.LocalTimeTomorrow(doctor, 8);
        var button = page.QuerySelectorAll("button[name=start]").Single(b => b.GetAttribute("value") == tomorrowAtEight);
        Assert.Equal("08:00", button.TextContent);
        Assert.EndsWith("08:00 EST", button.GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_LateInAWeekWithNothingLeft_OpensOnTheWeekOfTheNextFreeTimeAndSaysWhen()
    {
        var doctor = await app.CreateBookableDoctorAsync(); // 08:00–18:00 every day, Europe/Berlin
        // The clock only moves forward: to the coming Sunday at 19:00, after the week's last hours.
        var now = Instant.FromDateTimeOffset(app.Clock.GetUtcNow()).InZone(doctor.Zone);
        var sunday = now.Date.With(DateAdjusters.NextOrSame(IsoDayOfWeek.Sunday));
        app.Clock.SetUtcNow(sunday.At(new LocalTime(19, 0)).InZoneLeniently(doctor.Zone).ToInstant().ToDateTimeOffset());

        // In English: without a language of their own, a Berlin doctor's page would speak German.
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/doctors/{doctor.DoctorId}", UriKind.Relative));
        request.Headers.Add("Accept-Language", "en");
        var page = await (await app.CreateClient().SendAsync(request, Ct)).ReadHtmlAsync();

        var monday = sunday.PlusDays(1);
        Assert.Equal($"Week of {ClinicTime.Day(monday)}", page.QuerySelector(".week-nav__current")!.TextContent);
        var firstSlot = monday.At(new LocalTime(8, 0)).InZoneLeniently(doctor.Zone);
        Assert.Equal(IsoTime.Format(firstSlot.ToInstant(), doctor.Zone), page.QuerySelector("button[name=start]")!.GetAttribute("value"));
        Assert.Equal($"Next free time: {ClinicTime.ShortDay(monday)}, 08:00 {firstSlot.GetZoneInterval().Name}",
            page.QuerySelector(".booking .next-free")!.TextContent);
    }

    [Fact]
    public async Task Patient_BooksThroughThePages_AndSeesTheConfirmation()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var (browser, _) = await SignedInPatientAsync();

        var detailsUrl = await BookThroughPagesAsync(browser, doctor.DoctorId, app.LocalTimeTomorrow(doctor, 9), "Knee pain <script>alert(1)</script>");

        Assert.EndsWith("?booked=true", detailsUrl, StringComparison.Ordinal);
        var response = await browser.GetAsync(new Uri(detailsUrl, UriKind.Relative), Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
        var page = await response.ReadHtmlAsync();
        Assert.Equal("Your appointment is booked", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("09:00–09:30 CET", page.QuerySelector(".facts")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Knee pain <script>alert(1)</script>", page.QuerySelector(".facts")!.TextContent, StringComparison.Ordinal);
        var list = await (await browser.GetAsync(new Uri("/appointments", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Single(list.QuerySelectorAll("#upcoming-title + .table-scroll tbody tr"));
    }

    [Fact]
    public async Task ConfirmPage_AfterTheHoldLapsed_SaysSoAndBooksNothing()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var (browser, email) = await SignedInPatientAsync();
        var hold = await browser.SubmitFormAsync($"/doctors/{doctor.DoctorId}", new Dictionary<string, string> { ["start"] = app.LocalTimeTomorrow(doctor, 10) });
        var confirmUrl = hold.Headers.Location!.OriginalString;
        var confirmPage = await (await browser.GetAsync(new Uri(confirmUrl, UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Contains("5 minutes left", confirmPage.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var lapsed = await browser.GetAsync(new Uri(confirmUrl, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, lapsed.StatusCode);
        Assert.Equal("This time is no longer held", (await lapsed.ReadHtmlAsync()).QuerySelector("h1")!.TextContent);
        Assert.Equal(0, await app.WithDbAsync(db => db.Appointments.CountAsync(a => db.Users.Any(u => u.Id == a.PatientId && u.Email == email), Ct)));
    }

    [Fact]
    public async Task ChoosingASlotSignedOut_LeadsToSignInAndBackToTheDoctor()
    {
        var doctor = await app.CreateBookableDoctorAsync();

        var response = await app.CreateBrowserClient().SubmitFormAsync($"/doctors/{doctor.DoctorId}",
            new Dictionary<string, string> { ["start"] = app.LocalTimeTomorrow(doctor, 9) });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith($"/account/sign-in?returnUrl={Uri.EscapeDataString($"/doctors/{doctor.DoctorId}?type={doctor.TypeId}")}",
            response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patient_CancelsOnTheDetailsPage()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var (browser, _) = await SignedInPatientAsync();
        var detailsUrl = (await BookThroughPagesAsync(browser, doctor.DoctorId, app.LocalTimeTomorrow(doctor, 11, daysAhead: 3), "")).Split('?')[0];

        var cancelled = await browser.SubmitFormAsync(detailsUrl, new Dictionary<string, string> { ["reason"] = "Travelling" });

        var page = await cancelled.ReadHtmlAsync();
        Assert.Equal("The appointment is cancelled.", page.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal("Cancelled", page.QuerySelector(".facts .status")!.TextContent);
    }

    [Fact]
    public async Task LateCancellation_PostedAnyway_IsRefusedWithTheClinicPhone()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var (browser, email) = await SignedInPatientAsync();
        var start = app.LocalTimeTomorrow(doctor, 12, daysAhead: 30);
        var detailsUrl = (await BookThroughPagesAsync(browser, doctor.DoctorId, start, "")).Split('?')[0];
        app.Clock.SetUtcNow(NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Parse(start).Value.ToInstant().Minus(Duration.FromHours(3)).ToDateTimeOffset());
        await browser.SignInAsync(email, AccountsTestKit.Password); // the session from a month ago has ended

        // The page no longer offers the form, so post what an old tab would, with a token from another form.
        var profile = await (await browser.GetAsync(new Uri("/account/profile", UriKind.Relative), Ct)).ReadHtmlAsync();
        var token = profile.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["reason"] = "" });
        var refused = await browser.PostAsync(new Uri(detailsUrl + "?handler=Cancel", UriKind.Relative), form, Ct);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var page = await refused.ReadHtmlAsync();
        Assert.Contains(doctor.ClinicPhone, page.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("too late", page.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("form[action*=Cancel]"));
    }

    [Fact]
    public async Task Doctor_WithTwoFactor_MarksAStartedVisitCompleted()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 8, daysAhead: 40));
        var email = await app.CreateAccountAsync(Roles.Doctor, twoFactor: true);
        await app.WithDbAsync(async db =>
        {
            var accountId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct);
            return await db.Doctors.Where(d => d.Id == doctor.DoctorId).ExecuteUpdateAsync(d => d.SetProperty(x => x.AccountId, accountId), Ct);
        });
        app.Clock.SetUtcNow(NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Parse(booked.Start).Value.ToInstant().Plus(Duration.FromMinutes(5)).ToDateTimeOffset());
        var browser = app.CreateBrowserClient();
        await browser.SignInWithTwoFactorAsync(app, email);

        var done = await browser.SubmitFormAsync($"/appointments/{booked.Id}", new Dictionary<string, string>(),
            formSelector: "form:has(input[name=status][value=completed])");

        var page = await done.ReadHtmlAsync();
        Assert.Equal("Completed", page.QuerySelector(".facts .status")!.TextContent);
        Assert.Contains(page.QuerySelectorAll(".data-table td"), td => td.TextContent.Trim() == "Confirmed → Completed");
    }
}
