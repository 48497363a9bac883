using System.Net;
using System.Net.Http.Json;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Time;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Features.Schedules;
using CareSlot.Web.Tests.Infrastructure;
using NodaTime;

namespace CareSlot.Web.Tests.Features.DoctorTime;

public sealed class ScheduleCacheTestsOnSqlite(SqliteApp app) : ScheduleCacheTests(app), IClassFixture<SqliteApp>;

public sealed class ScheduleCacheTestsOnPostgres(PostgresApp app) : ScheduleCacheTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Slot lookups keep each doctor's schedule in memory: every schedule edit must show in the very next lookup on the
/// same instance, so each test looks the slots up first (filling the cache), edits, and looks again.
/// </summary>
public abstract class ScheduleCacheTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpResponseMessage> GetSlotsAsync(TestDoctor doctor, int typeId) =>
        await app.CreateClient().GetAsync(new Uri($"/api/v1/doctors/{doctor.DoctorId}/slots?appointmentTypeId={typeId}", UriKind.Relative), Ct);

    /// <summary>The clinic-local starts ("HH:mm") on the day after tomorrow, which no test's clock reaches.</summary>
    private async Task<IReadOnlyList<string>> StartsAsync(TestDoctor doctor, int? typeId = null)
    {
        var slots = await (await GetSlotsAsync(doctor, typeId ?? doctor.TypeId)).ShouldBeOkJsonAsync<SlotsView>();
        var day = $"{Day(doctor):yyyy'-'MM'-'dd}";
        return [.. slots.Slots.Where(s => s.Start.StartsWith(day, StringComparison.Ordinal)).Select(s => s.Start[11..16])];
    }

    private LocalDate Day(TestDoctor doctor) => app.Tomorrow(doctor).PlusDays(1);

    private static string Iso(LocalDate date) => $"{date:yyyy'-'MM'-'dd}";

    [Fact]
    public async Task WeeklyHours_ChangedAfterALookup_ShowInTheNextLookup()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var me = await app.CreateDoctorUserAsync(doctor);
        Assert.Contains("08:00", await StartsAsync(doctor));

        (await me.PutWeeklyHoursAsync(doctor.ClinicId, new WeeklyIntervalRequest("working", ScheduleTestKit.DayName(Day(doctor)), "15:00", "16:00")))
            .EnsureSuccessStatusCode();

        Assert.Equal(["15:00", "15:30"], await StartsAsync(doctor));
    }

    [Fact]
    public async Task TimeOff_AddedAndRemovedAfterALookup_ShowInTheNextLookup()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var me = await app.CreateDoctorUserAsync(doctor);
        var before = await StartsAsync(doctor);
        Assert.NotEmpty(before);

        var added = await me.Client.PostAsJsonAsync("/api/v1/doctors/me/time-off",
            new TimeOffRequest($"{Iso(Day(doctor))}T00:00", $"{Iso(Day(doctor).PlusDays(1))}T00:00", "Away"), Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Empty(await StartsAsync(doctor));

        var timeOff = (await added.Content.ReadFromJsonAsync<TimeOffView>(Ct))!;
        (await me.Client.DeleteAsync(new Uri($"/api/v1/doctors/me/time-off/{timeOff.Id}", UriKind.Relative), Ct)).EnsureSuccessStatusCode();
        Assert.Equal(before, await StartsAsync(doctor));
    }

    [Fact]
    public async Task ExtraHours_AddedAndRemovedAfterALookup_ShowInTheNextLookup()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var me = await app.CreateDoctorUserAsync(doctor);
        Assert.DoesNotContain("19:00", await StartsAsync(doctor));

        var added = await me.Client.PostAsJsonAsync("/api/v1/doctors/me/extra-hours",
            new ExtraHoursRequest(doctor.ClinicId, Iso(Day(doctor)), "19:00", "20:00"), Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Contains("19:00", await StartsAsync(doctor));

        var extra = (await added.Content.ReadFromJsonAsync<ExtraHoursView>(Ct))!;
        (await me.Client.DeleteAsync(new Uri($"/api/v1/doctors/me/extra-hours/{extra.Id}", UriKind.Relative), Ct)).EnsureSuccessStatusCode();
        Assert.DoesNotContain("19:00", await StartsAsync(doctor));
    }

    [Fact]
    public async Task AppointmentTypes_AddedEditedAndRetiredAfterALookup_ShowInTheNextLookup()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var me = await app.CreateDoctorUserAsync(doctor);
        Assert.Contains("08:30", await StartsAsync(doctor));

        var created = await me.Client.PostAsJsonAsync("/api/v1/doctors/me/appointment-types",
            new AppointmentTypeRequest("Long visit", 60, 0, "in-person", true, true), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var longVisit = (await created.Content.ReadFromJsonAsync<AppointmentTypeView>(Ct))!;
        Assert.Contains("09:00", await StartsAsync(doctor, longVisit.Id));

        (await me.Client.PutAsJsonAsync($"/api/v1/doctors/me/appointment-types/{doctor.TypeId}",
            new AppointmentTypeRequest("Consultation", 45, 15, "in-person", true, true), Ct)).EnsureSuccessStatusCode();
        Assert.Equal("09:00", (await StartsAsync(doctor))[1]);

        (await me.Client.DeleteAsync(new Uri($"/api/v1/doctors/me/appointment-types/{longVisit.Id}", UriKind.Relative), Ct)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await GetSlotsAsync(doctor, longVisit.Id)).StatusCode);
    }

    [Fact]
    public async Task BookingRules_ChangedAfterALookup_ShowInTheNextLookup()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var me = await app.CreateDoctorUserAsync(doctor);
        Assert.NotEmpty(await StartsAsync(doctor));

        (await me.Client.PutAsJsonAsync("/api/v1/doctors/me/booking-rules", new BookingRulesRequest(0, 1), Ct)).EnsureSuccessStatusCode();

        Assert.Empty(await StartsAsync(doctor));
    }
}

/// <summary>The slot list's own time writer must give exactly the text of <see cref="IsoTime.Format"/>.</summary>
public sealed class SlotTimeFormatterTests
{
    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("Europe/London")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kolkata")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("Pacific/Chatham")]
    [InlineData("America/St_Johns")]
    [InlineData("UTC")]
    [InlineData("Africa/Monrovia")]
    public void Format_AcrossTransitionsAndHistory_MatchesIsoTime(string zoneId)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var formatter = new SlotTimeFormatter(zone);
        var starts = new[] { Instant.FromUtc(1900, 1, 1, 0, 0), Instant.FromUtc(1971, 6, 1, 12, 0), Instant.FromUtc(2026, 3, 1, 0, 0), Instant.FromUtc(2026, 10, 20, 0, 0) };
        foreach (var first in starts)
        {
            // Ten-minute steps over two months cross the transitions in both directions, in the order a slot list has.
            for (var instant = first; instant < first + Duration.FromDays(62); instant += Duration.FromMinutes(10))
            {
                Assert.Equal(IsoTime.Format(instant, zone), formatter.Format(instant));
                Assert.Equal(zone.GetZoneInterval(instant).Name, formatter.IntervalAt(instant).Name);
            }
        }
        var odd = Instant.FromUtc(2026, 5, 1, 9, 0) + Duration.FromMilliseconds(1500);
        Assert.Equal(IsoTime.Format(odd, zone), formatter.Format(odd));
        Assert.Equal(IsoTime.Format(Instant.FromUtc(2026, 1, 1, 0, 0), zone), formatter.Format(Instant.FromUtc(2026, 1, 1, 0, 0)));
    }
}
