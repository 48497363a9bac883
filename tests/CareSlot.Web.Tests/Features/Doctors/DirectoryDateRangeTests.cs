using System.Net;
using System.Net.Http.Json;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Time;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Tests.Features.Doctors;

public sealed class DirectoryDateRangeTestsOnSqlite(SqliteApp app) : DirectoryDateRangeTests(app), IClassFixture<SqliteApp>;

public sealed class DirectoryDateRangeTestsOnPostgres(PostgresApp app) : DirectoryDateRangeTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Search by a date range: only doctors with free time on one of its clinic-local dates, kept fresh by the
/// availability refresh. Each test has its own doctors, found by their own postcode, and never moves the
/// shared clock, so "today" is the same for every test of a class.
/// </summary>
public abstract class DirectoryDateRangeTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    private LocalDate Today(DateTimeZone zone) => Instant.FromDateTimeOffset(app.Clock.GetUtcNow()).InZone(zone).Date;

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static string At(LocalDate date, int hour, DateTimeZone zone) =>
        IsoTime.Format(date.At(new LocalTime(hour, 0)).InZoneStrictly(zone).ToInstant(), zone);

    /// <summary>A doctor with no weekly hours, free only in the given hours of the given dates, at a clinic with <paramref name="postcode"/>.</summary>
    private async Task<TestDoctor> DoctorFreeOnAsync(string postcode, string zone, params (LocalDate Date, LocalTime From, LocalTime To)[] hours)
    {
        var doctor = await app.CreateBookableDoctorAsync(zone);
        await app.WithDbAsync(async db =>
        {
            await db.WeeklyHours.Where(h => h.DoctorId == doctor.DoctorId).ExecuteDeleteAsync(Ct);
            db.ExtraHours.AddRange(hours.Select(h => new ExtraHours(doctor.DoctorId, doctor.ClinicId, h.Date, h.From, h.To)));
            await db.SaveChangesAsync(Ct);
            return await db.Clinics.Where(c => c.Id == doctor.ClinicId).ExecuteUpdateAsync(c => c.SetProperty(x => x.Postcode, postcode), Ct);
        });
        return doctor;
    }

    private static (LocalDate, LocalTime, LocalTime) Hours(LocalDate date, int fromHour, int toHour, int toMinute = 0) =>
        (date, new LocalTime(fromHour, 0), new LocalTime(toHour, toMinute));

    private static string NewPostcode() => Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private async Task RefreshAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var refresh = scope.ServiceProvider.GetRequiredService<RefreshAvailability>();
        while (await refresh.RefreshStaleAsync(500, Ct) == 500)
        {
        }
    }

    private async Task<Page<DoctorSummary>> SearchAsync(string query) =>
        await (await app.CreateClient().GetAsync(new Uri("/api/v1/doctors?" + query, UriKind.Relative), Ct)).ShouldBeOkJsonAsync<Page<DoctorSummary>>();

    private Task<HttpResponseMessage> GetPageAsync(string query) =>
        app.CreateClient().GetAsync(new Uri("/doctors?" + query, UriKind.Relative), Ct);

    [Fact]
    public async Task DoctorFreeOnlyNextWeek_IsLeftOutOfThisWeekAndFoundInNextWeek()
    {
        var postcode = NewPostcode();
        var today = Today(Berlin);
        var nextWeek = await DoctorFreeOnAsync(postcode, "Europe/Berlin", Hours(today.PlusDays(8), 9, 12));
        var thisWeek = await DoctorFreeOnAsync(postcode, "Europe/Berlin", Hours(today.PlusDays(2), 9, 12));
        await RefreshAsync();

        var inThisWeek = await SearchAsync($"city={postcode}&from={Iso(today)}&to={Iso(today.PlusDays(6))}");
        var inNextWeek = await SearchAsync($"city={postcode}&from={Iso(today.PlusDays(7))}&to={Iso(today.PlusDays(13))}");

        Assert.Equal([thisWeek.DoctorId], inThisWeek.Items.Select(d => d.Id));
        Assert.Equal(1, inThisWeek.TotalCount);
        Assert.Equal([nextWeek.DoctorId], inNextWeek.Items.Select(d => d.Id));
        Assert.Equal(1, inNextWeek.TotalCount);
        Assert.Equal(At(today.PlusDays(8), 9, Berlin), inNextWeek.Items[0].FirstAvailableInRange);
        Assert.Equal(2, (await SearchAsync($"city={postcode}")).TotalCount);
    }

    [Fact]
    public async Task OnlyTo_MeansFromToday_OnlyFrom_MeansAsFarAsWeLook()
    {
        var postcode = NewPostcode();
        var today = Today(Berlin);
        var soon = await DoctorFreeOnAsync(postcode, "Europe/Berlin", Hours(today.PlusDays(1), 9, 12));
        var later = await DoctorFreeOnAsync(postcode, "Europe/Berlin", Hours(today.PlusDays(20), 9, 12));
        await RefreshAsync();

        Assert.Equal([soon.DoctorId], (await SearchAsync($"city={postcode}&to={Iso(today.PlusDays(3))}")).Items.Select(d => d.Id));
        Assert.Equal([later.DoctorId], (await SearchAsync($"city={postcode}&from={Iso(today.PlusDays(2))}")).Items.Select(d => d.Id));
    }

    [Fact]
    public async Task SortByAvailability_WithDates_OrdersByTheFirstFreeSlotWithinThem_AndPages()
    {
        var postcode = NewPostcode();
        var today = Today(Berlin);
        var freeTomorrowAndLate = await DoctorFreeOnAsync(postcode, "Europe/Berlin", Hours(today.PlusDays(1), 9, 12), Hours(today.PlusDays(9), 10, 12));
        var freeEarlyInRange = await DoctorFreeOnAsync(postcode, "Europe/Berlin", Hours(today.PlusDays(8), 9, 12));
        await RefreshAsync();
        var range = $"from={Iso(today.PlusDays(7))}&to={Iso(today.PlusDays(13))}";

        var withoutDates = await SearchAsync($"city={postcode}&sort=availability");
        var withDates = await SearchAsync($"city={postcode}&sort=availability&{range}");
        var secondPage = await SearchAsync($"city={postcode}&sort=availability&{range}&pageSize=1&page=2");

        Assert.Equal([freeTomorrowAndLate.DoctorId, freeEarlyInRange.DoctorId], withoutDates.Items.Select(d => d.Id));
        Assert.Equal([freeEarlyInRange.DoctorId, freeTomorrowAndLate.DoctorId], withDates.Items.Select(d => d.Id));
        Assert.Equal(At(today.PlusDays(9), 10, Berlin), withDates.Items[1].FirstAvailableInRange);
        Assert.Equal(At(today.PlusDays(1), 9, Berlin), withDates.Items[1].NextAvailable);
        Assert.Equal([freeTomorrowAndLate.DoctorId], secondPage.Items.Select(d => d.Id));
        Assert.Equal(2, secondPage.TotalCount);
    }

    [Fact]
    public async Task VisitFilter_WithDates_NeedsAFreeDayOfThatVisitType()
    {
        var postcode = NewPostcode();
        var today = Today(Berlin);
        // Half an hour fits the 30-minute in-person visit but not the hour-long video call.
        var doctor = await DoctorFreeOnAsync(postcode, "Europe/Berlin", Hours(today.PlusDays(8), 9, 9, toMinute: 30), Hours(today.PlusDays(9), 9, 11));
        await app.WithDbAsync(async db =>
        {
            db.AppointmentTypes.Add(new AppointmentType(doctor.DoctorId, "Video call", 60, 0, VisitMode.Video, true, true));
            return await db.SaveChangesAsync(Ct);
        });
        await RefreshAsync();
        var shortDay = $"from={Iso(today.PlusDays(8))}&to={Iso(today.PlusDays(8))}";
        var longDay = $"from={Iso(today.PlusDays(9))}&to={Iso(today.PlusDays(9))}";

        Assert.Empty((await SearchAsync($"city={postcode}&visit=video&{shortDay}")).Items);
        Assert.Equal([doctor.DoctorId], (await SearchAsync($"city={postcode}&visit=in-person&{shortDay}")).Items.Select(d => d.Id));
        Assert.Equal([doctor.DoctorId], (await SearchAsync($"city={postcode}&{shortDay}")).Items.Select(d => d.Id));
        var video = await SearchAsync($"city={postcode}&visit=video&{longDay}");
        Assert.Equal([doctor.DoctorId], video.Items.Select(d => d.Id));
        Assert.Equal(At(today.PlusDays(9), 9, Berlin), video.Items[0].FirstAvailableInRange);
    }

    [Fact]
    public async Task TimeOff_OnTheOnlyFreeDay_RemovesTheDoctorAfterRefresh()
    {
        var postcode = NewPostcode();
        var day = Today(Berlin).PlusDays(8);
        var doctor = await DoctorFreeOnAsync(postcode, "Europe/Berlin", Hours(day, 9, 12));
        await RefreshAsync();
        var query = $"city={postcode}&from={Iso(day.PlusDays(-1))}&to={Iso(day.PlusDays(1))}";
        Assert.Equal([doctor.DoctorId], (await SearchAsync(query)).Items.Select(d => d.Id));

        var me = await app.CreateDoctorUserAsync(doctor);
        Assert.Equal(HttpStatusCode.Created, (await me.Client.PostAsJsonAsync("/api/v1/doctors/me/time-off",
            new TimeOffRequest($"{Iso(day)}T00:00", $"{Iso(day.PlusDays(1))}T00:00", "Conference"), Ct)).StatusCode);
        await RefreshAsync();

        var after = await SearchAsync(query);
        Assert.Empty(after.Items);
        Assert.Equal(0, after.TotalCount);
        Assert.False(await app.WithDbAsync(db => db.DoctorFreeDays.AnyAsync(f => f.DoctorId == doctor.DoctorId, Ct)));
    }

    [Fact]
    public async Task ClinicZone_DecidesTheDate_NotUtc()
    {
        var postcode = NewPostcode();
        var newYork = DateTimeZoneProviders.Tzdb["America/New_York"];
        var day = Today(newYork).PlusDays(8);
        var doctor = await DoctorFreeOnAsync(postcode, "America/New_York", Hours(day, 21, 22));
        await RefreshAsync();
        Assert.Equal(day.PlusDays(1), day.At(new LocalTime(21, 0)).InZoneStrictly(newYork).ToInstant().InUtc().Date);

        var onTheLocalDate = await SearchAsync($"city={postcode}&from={Iso(day)}&to={Iso(day)}");
        var onTheUtcDate = await SearchAsync($"city={postcode}&from={Iso(day.PlusDays(1))}&to={Iso(day.PlusDays(1))}");

        Assert.Equal([doctor.DoctorId], onTheLocalDate.Items.Select(d => d.Id));
        Assert.Equal(At(day, 21, newYork), onTheLocalDate.Items[0].FirstAvailableInRange);
        Assert.Empty(onTheUtcDate.Items);
    }

    /// <summary>Queries relative to today (day offsets), so the rules are tested at their edges whatever the fixture's date.</summary>
    public static TheoryData<string, string, string> BadDates => new()
    {
        { "from=tomorrow", "from", "'from' must be a date written year-month-day" },
        { "to={+1}T09:00", "to", "'to' must be a date written year-month-day" },
        { "from={+5}&to={+3}", "to", "'to' must be on or after 'from'" },
        { "from={-30}&to={-2}", "to", "These dates are in the past" },
        { "from={+29}", "from", "We can look up to 28 days ahead" },
        { "from={+1}&to={+40}", "to", "We can look up to 28 days ahead" },
    };

    private string Dated(string query)
    {
        var today = Today(DateTimeZone.Utc);
        return System.Text.RegularExpressions.Regex.Replace(query, @"\{([+-][0-9]+)\}", m => Iso(today.PlusDays(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Theory]
    [MemberData(nameof(BadDates))]
    public async Task Api_BadDates_AnswerProblemNamingTheParameter(string query, string field, string message)
    {
        var response = await app.CreateClient().GetAsync(new Uri("/api/v1/doctors?" + Dated(query), UriKind.Relative), Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([field], problem.Errors.Keys);
        Assert.Contains(message, problem.Errors[field][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("from={-30}&to={+0}")]
    [InlineData("to={+28}")]
    [InlineData("from={+28}&to={+28}")]
    public async Task Api_DatesAtTheEdges_AreAccepted(string query)
    {
        var response = await app.CreateClient().GetAsync(new Uri("/api/v1/doctors?" + Dated(query), UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(BadDates))]
    public async Task Page_BadDates_ShowTheMessageNextToTheField(string query, string field, string message)
    {
        var response = await GetPageAsync(Dated(query));
        var page = await response.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var input = page.QuerySelector($"#{field}")!;
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Equal($"{field}-error", input.GetAttribute("aria-describedby"));
        Assert.Contains(message, page.QuerySelector($"#{field}-error")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll(".card"));
    }

    [Fact]
    public async Task Page_DateInputs_AreLabelledKeepTheirValues_AndResultsShowTheFirstFreeTimeWithinThem()
    {
        var postcode = NewPostcode();
        var today = Today(Berlin);
        await DoctorFreeOnAsync(postcode, "Europe/Berlin", Hours(today.PlusDays(1), 9, 12), Hours(today.PlusDays(8), 10, 12));
        await RefreshAsync();
        var from = Iso(today.PlusDays(7));
        var to = Iso(today.PlusDays(13));

        var page = await (await GetPageAsync($"city={postcode}&from={from}&to={to}&pageSize=1")).ReadHtmlAsync();

        Assert.Equal("date", page.QuerySelector("#from")!.GetAttribute("type"));
        Assert.Equal(from, page.QuerySelector("#from")!.GetAttribute("value"));
        Assert.Equal("date", page.QuerySelector("#to")!.GetAttribute("type"));
        Assert.Equal(to, page.QuerySelector("#to")!.GetAttribute("value"));
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("label[for=from]")?.TextContent));
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("label[for=to]")?.TextContent));
        var card = page.QuerySelector(".card")!.TextContent;
        Assert.Contains($"First free in your dates: {ClinicTime.ShortDay(today.PlusDays(8))}, 10:00 CET", card, StringComparison.Ordinal);
        Assert.Contains($"Next free time: {ClinicTime.ShortDay(today.PlusDays(1))}, 09:00 CET", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_PagerLinks_KeepTheDates()
    {
        var postcode = NewPostcode();
        var today = Today(Berlin);
        await DoctorFreeOnAsync(postcode, "Europe/Berlin", Hours(today.PlusDays(8), 9, 12));
        await DoctorFreeOnAsync(postcode, "Europe/Berlin", Hours(today.PlusDays(9), 9, 12));
        await RefreshAsync();
        var from = Iso(today.PlusDays(7));
        var to = Iso(today.PlusDays(13));

        var page = await (await GetPageAsync($"city={postcode}&from={from}&to={to}&pageSize=1")).ReadHtmlAsync();

        Assert.Equal($"/doctors?city={postcode}&pageSize=1&from={from}&to={to}&page=2", page.QuerySelector("a[rel=next]")!.GetAttribute("href"));
    }
}
