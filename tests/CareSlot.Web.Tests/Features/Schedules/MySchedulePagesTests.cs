using System.Net;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.Schedules;

public sealed class MySchedulePagesTestsOnSqlite(SqliteApp app) : MySchedulePagesTests(app), IClassFixture<SqliteApp>;

public sealed class MySchedulePagesTestsOnPostgres(PostgresApp app) : MySchedulePagesTests(app), IClassFixture<PostgresApp>;

/// <summary>The schedule pages as a doctor uses them without JavaScript: plain forms, answers by status code and page.</summary>
public abstract class MySchedulePagesTests(CareSlotApp app)
{
    private const string Page = "/account/schedule";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Form(string handler) => $"form[action$='handler={handler}']";

    /// <summary>The form field of a weekly time input: the first working row of the day, unless told otherwise.</summary>
    private static string WeeklyField(int dayIndex, string end, string rows = "Working", int row = 0) => $"weekly.Days[{dayIndex}].{rows}[{row}].{end}";

    private async Task<(TestDoctor Doctor, HttpClient Browser)> SignedInDoctorAsync()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        return (doctor, await app.SignInAsDoctorAsync(doctor));
    }

    [Fact]
    public async Task Schedule_ShowsEveryDaysHoursAsLabelledTimeInputs()
    {
        var (doctor, browser) = await SignedInDoctorAsync();

        var response = await browser.GetAsync(new Uri(Page, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        var form = page.QuerySelector(Form("WeeklyHours"))!;
        Assert.Equal(7, form.QuerySelectorAll("fieldset.day-hours").Length);
        var monday = form.QuerySelector($"#clinic-{doctor.ClinicId}-monday-working-1-start")!;
        Assert.Equal(("time", "08:00", "300"), (monday.GetAttribute("type"), monday.GetAttribute("value"), monday.GetAttribute("step")));
        Assert.All(page.QuerySelectorAll("main input:not([type=hidden]), main select"), input =>
            Assert.NotNull(page.QuerySelector($"label[for='{input.Id}']")));
    }

    [Fact]
    public async Task WeeklyHours_SavedThroughTheForm_ShowAgainAndChangeTheSlots()
    {
        var (doctor, browser) = await SignedInDoctorAsync();
        var tomorrow = app.Tomorrow(doctor);
        var index = (int)tomorrow.DayOfWeek - 1;

        var saved = await browser.PostFormAsync(Page, Form("WeeklyHours"), new Dictionary<string, string>
        {
            [WeeklyField(index, "Start")] = "09:00", [WeeklyField(index, "End")] = "11:00",
            [WeeklyField(index, "Start", row: 1)] = "14:00", [WeeklyField(index, "End", row: 1)] = "15:00",
            [WeeklyField(index, "Start", "Breaks")] = "10:00", [WeeklyField(index, "End", "Breaks")] = "10:30",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await (await browser.GetAsync(new Uri(Page, UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Contains("saved", page.QuerySelector(".notice[role=status]")!.TextContent, StringComparison.Ordinal);
        var day = ScheduleTestKit.DayName(tomorrow);
        Assert.Equal("14:00", page.QuerySelector($"#clinic-{doctor.ClinicId}-{day}-working-2-start")!.GetAttribute("value"));
        var slots = await (await app.CreateClient().GetAsync(new Uri($"/api/v1/doctors/{doctor.DoctorId}/slots?appointmentTypeId={doctor.TypeId}", UriKind.Relative), Ct))
            .ShouldBeOkJsonAsync<SlotsView>();
        Assert.Equal(["09:00", "09:30", "10:30", "14:00", "14:30"],
            slots.Slots.Where(s => s.Start.StartsWith($"{tomorrow:yyyy'-'MM'-'dd}", StringComparison.Ordinal)).Select(s => s.Start[11..16]));
    }

    [Fact]
    public async Task WeeklyHours_Invalid_ReRenderWith400AndTheMessageNextToTheField()
    {
        var (doctor, browser) = await SignedInDoctorAsync();

        var refused = await browser.PostFormAsync(Page, Form("WeeklyHours"), new Dictionary<string, string>
        {
            [WeeklyField(0, "Start")] = "09:07",
            [WeeklyField(2, "Start", row: 1)] = "17:00", [WeeklyField(2, "End", row: 1)] = "19:00", // overlaps 08:00–18:00
        });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await refused.ReadHtmlAsync();
        var mondayStart = page.QuerySelector($"#clinic-{doctor.ClinicId}-monday-working-1-start")!;
        Assert.Equal(("09:07", "true"), (mondayStart.GetAttribute("value"), mondayStart.GetAttribute("aria-invalid")));
        Assert.Contains("grid", page.QuerySelector($"#clinic-{doctor.ClinicId}-monday-working-1-start-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("overlaps", page.QuerySelector($"#clinic-{doctor.ClinicId}-wednesday-working-2-start-error")!.TextContent, StringComparison.Ordinal);
        var summaryLinks = page.QuerySelectorAll(".error-summary a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"#clinic-{doctor.ClinicId}-monday-working-1-start", $"#clinic-{doctor.ClinicId}-wednesday-working-2-start"], summaryLinks);
        Assert.Equal(7, await app.WithDbAsync(db => Task.FromResult(db.WeeklyHours.Count(h => h.DoctorId == doctor.DoctorId))));
    }

    [Fact]
    public async Task WeeklyHours_LeavingABookedPatientOutside_Answer409WithLinksAndSaveOnceCancelled()
    {
        var (doctor, browser) = await SignedInDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10));
        var index = (int)app.Tomorrow(doctor).DayOfWeek - 1;
        var later = new Dictionary<string, string> { [WeeklyField(index, "Start")] = "12:00" };

        var refused = await browser.PostFormAsync(Page, Form("WeeklyHours"), later);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var page = await refused.ReadHtmlAsync();
        var notice = page.QuerySelector(".schedule-conflicts[role=alert]")!;
        Assert.Contains("Move or cancel each, then save again.", notice.TextContent, StringComparison.Ordinal);
        Assert.NotNull(notice.QuerySelector($"a[href='/appointments/{booked.Id}']"));
        Assert.NotNull(notice.QuerySelector($"a[href='/appointments/{booked.Id}/reschedule']"));
        Assert.Equal("12:00", page.QuerySelector($"#clinic-{doctor.ClinicId}-{ScheduleTestKit.DayName(app.Tomorrow(doctor))}-working-1-start")!.GetAttribute("value"));

        var cancelled = await browser.SubmitFormAsync($"/appointments/{booked.Id}", new Dictionary<string, string> { ["reason"] = "Clinic closed that morning" },
            formSelector: "form[action*=Cancel]");
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);

        var saved = await browser.PostFormAsync(Page, Form("WeeklyHours"), later);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("12:00", await app.WithDbAsync(db => Task.FromResult(db.WeeklyHours
            .Where(h => h.DoctorId == doctor.DoctorId && h.Day == app.Tomorrow(doctor).DayOfWeek).Select(h => h.Start).Single().ToString("HH:mm", null))));
    }

    [Fact]
    public async Task TimeOff_AddedAsWholeDaysOverABooking_IsRefusedWithALinkAndRemovableOnceAdded()
    {
        var (doctor, browser) = await SignedInDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10, daysAhead: 3));
        var day = $"{app.Tomorrow(doctor).PlusDays(2):yyyy'-'MM'-'dd}";
        var wholeDay = new Dictionary<string, string> { ["timeOff.StartDate"] = day, ["timeOff.EndDate"] = day, ["timeOff.Note"] = "Training" };

        var refused = await browser.PostFormAsync(Page, Form("AddTimeOff"), wholeDay);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.NotNull((await refused.ReadHtmlAsync()).QuerySelector($".schedule-conflicts a[href='/appointments/{booked.Id}']"));
        (await browser.SubmitFormAsync($"/appointments/{booked.Id}", new Dictionary<string, string> { ["reason"] = "Training day" },
            formSelector: "form[action*=Cancel]")).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync(Page, Form("AddTimeOff"), wholeDay)).StatusCode);
        var page = await (await browser.GetAsync(new Uri(Page, UriKind.Relative), Ct)).ReadHtmlAsync();
        var row = Assert.Single(page.QuerySelectorAll("#time-off tbody tr"));
        Assert.Contains("(whole day)", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Training", row.TextContent, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync(Page, Form("RemoveTimeOff"), new Dictionary<string, string>())).StatusCode);
        Assert.Empty((await (await browser.GetAsync(new Uri(Page, UriKind.Relative), Ct)).ReadHtmlAsync()).QuerySelectorAll("#time-off tbody tr"));
    }

    [Fact]
    public async Task TimeOff_EndingBeforeItStarts_ReRendersWith400NextToTheEndDate()
    {
        var (doctor, browser) = await SignedInDoctorAsync();
        var day = app.Tomorrow(doctor).PlusDays(4);

        var refused = await browser.PostFormAsync(Page, Form("AddTimeOff"), new Dictionary<string, string>
        {
            ["timeOff.StartDate"] = $"{day:yyyy'-'MM'-'dd}", ["timeOff.EndDate"] = $"{day.PlusDays(-1):yyyy'-'MM'-'dd}",
        });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await refused.ReadHtmlAsync();
        Assert.Equal("true", page.QuerySelector("#time-off-end-date")!.GetAttribute("aria-invalid"));
        Assert.NotNull(page.QuerySelector("#time-off-end-date-error"));
        Assert.Equal("#time-off-end-date", page.QuerySelector(".error-summary a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task ExtraHours_AddedThroughTheForm_AreListed()
    {
        var (doctor, browser) = await SignedInDoctorAsync();
        var date = $"{app.Tomorrow(doctor).PlusDays(2):yyyy'-'MM'-'dd}";

        var added = await browser.PostFormAsync(Page, Form("AddExtraHours"), new Dictionary<string, string>
        {
            ["extra.Date"] = date, ["extra.Start"] = "18:00", ["extra.End"] = "00:00",
        });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var page = await (await browser.GetAsync(new Uri(Page, UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Contains("18:00–00:00", Assert.Single(page.QuerySelectorAll("#extra-hours tbody tr")).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppointmentType_TooLong_ReRendersWith400ThenAddsEditsAndRetires()
    {
        var (_, browser) = await SignedInDoctorAsync();
        var values = new Dictionary<string, string>
        {
            ["type.Name"] = "Extended visit", ["type.DurationMinutes"] = "241", ["type.BufferAfterMinutes"] = "10", ["type.Mode"] = "video",
        };

        var refused = await browser.PostFormAsync(Page, Form("AddType"), values);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await refused.ReadHtmlAsync();
        Assert.Contains("5 to 240", page.QuerySelector("#type-duration-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Extended visit", page.QuerySelector("#type-name")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector("#type-mode-video[checked]"));

        values["type.DurationMinutes"] = "240";
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync(Page, Form("AddType"), values)).StatusCode);
        page = await (await browser.GetAsync(new Uri(Page, UriKind.Relative), Ct)).ReadHtmlAsync();
        var editLink = page.QuerySelectorAll("#appointment-types a").Select(a => a.GetAttribute("href")!)
            .Single(href => href.StartsWith("/account/schedule/appointment-types/", StringComparison.Ordinal)
                && page.QuerySelector($"a[href='{href}']")!.TextContent.Contains("Extended visit", StringComparison.Ordinal));

        var edited = await browser.PostFormAsync(editLink, "main form[method=post]", new Dictionary<string, string> { ["type.Name"] = "Extended video visit" });
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var tooShort = await browser.PostFormAsync(editLink, "main form[method=post]", new Dictionary<string, string> { ["type.DurationMinutes"] = "4" });
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.NotNull((await tooShort.ReadHtmlAsync()).QuerySelector("#type-duration-error"));

        page = await (await browser.GetAsync(new Uri(Page, UriKind.Relative), Ct)).ReadHtmlAsync();
        var row = page.QuerySelectorAll("#appointment-types tbody tr").Single(r => r.TextContent.Contains("Extended video visit", StringComparison.Ordinal));
        Assert.Contains("240 min", row.TextContent, StringComparison.Ordinal);
        var typeId = editLink[(editLink.LastIndexOf('/') + 1)..];
        var retired = await browser.PostFormAsync(Page, $"{Form("RetireType")}:has(input[name=id][value='{typeId}'])", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, retired.StatusCode);
        page = await (await browser.GetAsync(new Uri(Page, UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.DoesNotContain(page.QuerySelectorAll("#appointment-types tbody tr"), r => r.TextContent.Contains("Extended", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(new Uri(editLink, UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task BookingRules_OutOfRange_ReRenderWith400AndSaveWhenValid()
    {
        var (doctor, browser) = await SignedInDoctorAsync();

        var refused = await browser.PostFormAsync(Page, Form("BookingRules"), new Dictionary<string, string> { ["rules.HorizonDays"] = "366" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull((await refused.ReadHtmlAsync()).QuerySelector("#rules-horizon-error"));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync(Page, Form("BookingRules"),
            new Dictionary<string, string> { ["rules.MinimumNoticeMinutes"] = "30", ["rules.HorizonDays"] = "14" })).StatusCode);
        Assert.Equal((30, 14), await app.WithDbAsync(db => Task.FromResult(db.BookingRules
            .Where(r => r.DoctorId == doctor.DoctorId).Select(r => new { r.MinimumNoticeMinutes, r.HorizonDays }).AsEnumerable()
            .Select(r => (r.MinimumNoticeMinutes, r.HorizonDays)).Single())));
    }

    [Fact]
    public async Task Patient_CannotOpenTheSchedulePage()
    {
        var email = await app.CreateAccountAsync(Roles.Patient);
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(email, AccountsTestKit.Password);

        var response = await browser.GetAsync(new Uri(Page, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/access-denied", response.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task DoctorSignedInWithoutTwoFactor_CannotOpenTheSchedulePage()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var email = await app.CreateAccountAsync(Roles.Doctor);
        await app.WithDbAsync(async db =>
        {
            var accountId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct);
            return await db.Doctors.Where(d => d.Id == doctor.DoctorId).ExecuteUpdateAsync(d => d.SetProperty(x => x.AccountId, accountId), Ct);
        });
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(email, AccountsTestKit.Password);

        var response = await browser.GetAsync(new Uri(Page, UriKind.Relative), Ct);

        // Sent to the page that tells staff to set up two-factor sign-in.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccountPage_LinksDoctorsToTheirSchedule()
    {
        var (_, browser) = await SignedInDoctorAsync();

        var page = await (await browser.GetAsync(new Uri("/account", UriKind.Relative), Ct)).ReadHtmlAsync();

        Assert.NotNull(page.QuerySelector($"main a[href='{Page}']"));
    }
}
