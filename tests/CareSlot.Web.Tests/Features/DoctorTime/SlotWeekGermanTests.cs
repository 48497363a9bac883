using System.Globalization;
using System.Net;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Web;
using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Tests.Features.DoctorTime;

/// <summary>The slot week and the slot search in German (issue 16), and the week starting on the reader's first day of the week.</summary>
public sealed class SlotWeekGermanTests(GermanOfferedSqliteApp app) : IClassFixture<GermanOfferedSqliteApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2026-12-09", IsoDayOfWeek.Monday, "2026-12-07")] // a Wednesday
    [InlineData("2026-12-07", IsoDayOfWeek.Monday, "2026-12-07")]
    [InlineData("2026-12-13", IsoDayOfWeek.Monday, "2026-12-07")] // a Sunday ends the German week
    [InlineData("2026-12-09", IsoDayOfWeek.Sunday, "2026-12-06")]
    [InlineData("2026-12-13", IsoDayOfWeek.Sunday, "2026-12-13")]
    public void StartOf_ADate_GivesTheWeekHoldingIt(string date, IsoDayOfWeek firstDay, string expected) =>
        Assert.Equal(LocalDatePattern.Iso.Parse(expected).Value, SlotWeek.StartOf(LocalDatePattern.Iso.Parse(date).Value, firstDay));

    [Theory]
    [InlineData("de", "Woche ab ", "Vorherige Woche", "Nächste Woche", "Alle Zeiten gelten in der Zeitzone der Praxis: ", " um 08:00 ")]
    [InlineData("en-GB", "Week of ", "Previous week", "Next week", "Times are in the clinic's time zone: ", " at 08:00 ")]
    public async Task ProfileWeek_AskedForAWednesday_ShowsItsWeekFromMonday_InTheReadersLanguage(string language, string weekOf, string previous,
        string next, string zoneNotice, string slotAt)
    {
        var doctor = await app.CreateBookableDoctorAsync(); // 08:00–18:00 every day, Europe/Berlin
        var today = Instant.FromDateTimeOffset(app.Clock.GetUtcNow()).InZone(doctor.Zone).Date;
        var wednesday = today.PlusWeeks(2).With(DateAdjusters.NextOrSame(IsoDayOfWeek.Wednesday));
        var monday = wednesday.PlusDays(-2);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/doctors/{doctor.DoctorId}?week={LocalDatePattern.Iso.Format(wednesday)}", UriKind.Relative));
        request.Headers.Add("Accept-Language", language);

        var response = await app.CreateClient().SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        var days = page.QuerySelectorAll(".week-day h3").Select(h => h.Id).ToList();
        Assert.Equal(Enumerable.Range(0, 7).Select(d => $"day-{LocalDatePattern.Iso.Format(monday.PlusDays(d))}"), days);
        Assert.StartsWith(weekOf, page.QuerySelector(".week-nav__current")!.TextContent, StringComparison.Ordinal);
        var links = page.QuerySelectorAll(".week-nav a").ToList();
        Assert.Equal([previous, next], links.Select(a => a.TextContent));
        Assert.Contains($"week={LocalDatePattern.Iso.Format(monday.PlusWeeks(-1))}", links[0].GetAttribute("href"), StringComparison.Ordinal);
        Assert.Contains($"week={LocalDatePattern.Iso.Format(monday.PlusWeeks(1))}", links[1].GetAttribute("href"), StringComparison.Ordinal);
        Assert.StartsWith(zoneNotice, page.QuerySelector(".booking .notice")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Europe/Berlin", page.QuerySelector(".booking .notice strong")!.TextContent);
        Assert.Contains(slotAt, page.QuerySelector("button[name=start]")!.GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de", "Verwenden Sie eine ISO-8601-Zeit", "„to“ muss nach „from“ liegen.", "Einen solchen Arzt oder eine solche Terminart gibt es für Sie nicht.")]
    [InlineData("fr", "Use an ISO-8601 time", "'to' must be after 'from'.", "There is no such doctor or appointment type you can see.")]
    public async Task SlotsApi_Refusals_InTheRequestedLanguage_ElseEnglish(string language, string badTime, string backwards, string notFound)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        async Task<HttpResponseMessage> GetAsync(string query)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/v1/doctors/{doctor.DoctorId}/slots?{query}", UriKind.Relative));
            request.Headers.Add("Accept-Language", language);
            return await app.CreateClient().SendAsync(request, Ct);
        }

        var malformed = await (await GetAsync($"appointmentTypeId={doctor.TypeId}&from=soon")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var reversed = await (await GetAsync($"appointmentTypeId={doctor.TypeId}&from=2026-12-09T09:00:00%2B01:00&to=2026-12-08T09:00:00%2B01:00"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var unknownType = await (await GetAsync("appointmentTypeId=999999")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        Assert.StartsWith(badTime, malformed.Errors["from"][0], StringComparison.Ordinal);
        Assert.Equal(backwards, reversed.Errors["to"][0]);
        Assert.Equal(notFound, unknownType.Detail);
    }
}
