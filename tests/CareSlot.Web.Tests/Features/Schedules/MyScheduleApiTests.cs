using System.Net;
using System.Net.Http.Json;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Time;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Schedules;

public sealed class MyScheduleApiTestsOnSqlite(SqliteApp app) : MyScheduleApiTests(app), IClassFixture<SqliteApp>;

public sealed class MyScheduleApiTestsOnPostgres(PostgresApp app) : MyScheduleApiTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// A doctor's own schedule through /api/v1/doctors/me. Each test has its own doctor and never moves the
/// shared clock, so "tomorrow" is the same for every test of a class.
/// </summary>
public abstract class MyScheduleApiTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static WeeklyIntervalRequest Working(string day, string start, string end) => new("working", day, start, end);

    private async Task<(TestDoctor Doctor, ApiUser Me)> DoctorAsync(int minimumNoticeMinutes = 0)
    {
        var doctor = await app.CreateBookableDoctorAsync(minimumNoticeMinutes: minimumNoticeMinutes);
        return (doctor, await app.CreateDoctorUserAsync(doctor));
    }

    private async Task<SlotsView> SlotsAsync(TestDoctor doctor, int typeId, string? from = null, string? to = null)
    {
        var range = from is null ? "" : $"&from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to!)}";
        return await (await app.CreateClient().GetAsync(new Uri($"/api/v1/doctors/{doctor.DoctorId}/slots?appointmentTypeId={typeId}{range}", UriKind.Relative), Ct))
            .ShouldBeOkJsonAsync<SlotsView>();
    }

    private string LocalDateTime(TestDoctor doctor, int hour, int daysAhead = 1) =>
        $"{app.Tomorrow(doctor).PlusDays(daysAhead - 1):yyyy'-'MM'-'dd}T{hour:00}:00";

    [Fact]
    public async Task Schedule_SavedThroughTheApi_ReadsBackInClinicTime()
    {
        var (doctor, me) = await DoctorAsync();
        var date = app.Tomorrow(doctor).PlusDays(3);

        (await me.PutWeeklyHoursAsync(doctor.ClinicId, Working("monday", "09:00", "12:30"), Working("monday", "13:30", "00:00"),
            new WeeklyIntervalRequest("break", "monday", "10:00", "10:15"))).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Created, (await me.Client.PostAsJsonAsync("/api/v1/doctors/me/time-off",
            new TimeOffRequest($"{date:yyyy'-'MM'-'dd}T00:00", $"{date.PlusDays(2):yyyy'-'MM'-'dd}T00:00", " Conference "), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await me.Client.PostAsJsonAsync("/api/v1/doctors/me/extra-hours",
            new ExtraHoursRequest(doctor.ClinicId, $"{date.PlusDays(7):yyyy'-'MM'-'dd}", "18:00", "20:30"), Ct)).StatusCode);
        var created = await me.Client.PostAsJsonAsync("/api/v1/doctors/me/appointment-types",
            new AppointmentTypeRequest(" Video check ", 15, 5, "video", false, true), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(new BookingRulesView(60, 30), await (await me.Client.PutAsJsonAsync("/api/v1/doctors/me/booking-rules",
            new BookingRulesRequest(60, 30), Ct)).ShouldBeOkJsonAsync<BookingRulesView>());

        var schedule = await me.ScheduleAsync();

        var clinic = Assert.Single(schedule.Clinics);
        Assert.Equal((doctor.ClinicId, "Europe/Berlin"), (clinic.Id, clinic.TimeZone));
        Assert.Equal(
            [("working", "monday", "09:00", "12:30"), ("working", "monday", "13:30", "00:00"), ("break", "monday", "10:00", "10:15")],
            schedule.WeeklyHours.Select(h => (h.Kind, h.Day, h.Start, h.End)));
        var off = Assert.Single(schedule.TimeOff);
        Assert.Equal(($"{date:yyyy'-'MM'-'dd}T00:00", $"{date.PlusDays(2):yyyy'-'MM'-'dd}T00:00", "Conference"), (off.Start, off.End, off.Note));
        var extra = Assert.Single(schedule.ExtraHours);
        Assert.Equal((doctor.ClinicId, $"{date.PlusDays(7):yyyy'-'MM'-'dd}", "18:00", "20:30"), (extra.ClinicId, extra.Date, extra.Start, extra.End));
        Assert.Contains(schedule.AppointmentTypes, t => t == new AppointmentTypeView(t.Id, "Video check", 15, 5, "video", false, true));
        Assert.Equal(new BookingRulesView(60, 30), schedule.BookingRules);
    }

    [Theory]
    [InlineData("09:00", "12:00", "11:00", "13:00", "intervals[1].start")] // overlap
    [InlineData("09:00", "12:00", "12:00", "12:00", "intervals[1].end")] // end not after start
    [InlineData("09:00", "12:00", "14:00", "13:00", "intervals[1].end")] // end before start
    [InlineData("09:00", "12:00", "13:07", "15:00", "intervals[1].start")] // off the five-minute grid
    [InlineData("09:00", "12:00", "13:00", "9pm", "intervals[1].end")] // not a time
    public async Task WeeklyHours_Invalid_Answers400NamingTheFieldAndKeepsTheOldHours(string start1, string end1, string start2, string end2, string field)
    {
        var (doctor, me) = await DoctorAsync();

        var response = await me.PutWeeklyHoursAsync(doctor.ClinicId, Working("tuesday", start1, end1), Working("tuesday", start2, end2));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([field], problem.Errors.Keys);
        Assert.Equal(7, (await me.ScheduleAsync()).WeeklyHours.Count); // the test kit's 08:00–18:00 every day
    }

    [Fact]
    public async Task WeeklyHours_SameTimesOfDifferentKindsOrDays_AreAllowedAndMidnightEndsTheDay()
    {
        var (doctor, me) = await DoctorAsync();

        var response = await me.PutWeeklyHoursAsync(doctor.ClinicId, Working("tuesday", "09:00", "12:00"), Working("wednesday", "09:00", "12:00"),
            new WeeklyIntervalRequest("break", "tuesday", "10:00", "10:30"), Working("tuesday", "12:00", "00:00"));

        var saved = await response.ShouldBeOkJsonAsync<WeeklyHoursSaved>();
        Assert.Equal(4, saved.Intervals.Count);
    }

    [Theory]
    [InlineData("holiday", "monday", "kind")]
    [InlineData("working", "someday", "day")]
    public async Task WeeklyHours_UnknownKindOrDay_Answers400(string kind, string day, string part)
    {
        var (doctor, me) = await DoctorAsync();

        var problem = await (await me.PutWeeklyHoursAsync(doctor.ClinicId, new WeeklyIntervalRequest(kind, day, "09:00", "10:00")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal([$"intervals[0].{part}"], problem.Errors.Keys);
    }

    [Fact]
    public async Task WeeklyHoursAndExtraHours_AtAClinicThatIsNotTheDoctors_Answer400()
    {
        var (_, me) = await DoctorAsync();
        var other = await app.CreateBookableDoctorAsync();

        var weekly = await (await me.PutWeeklyHoursAsync(other.ClinicId, Working("monday", "09:00", "10:00"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var extra = await (await me.Client.PostAsJsonAsync("/api/v1/doctors/me/extra-hours",
            new ExtraHoursRequest(other.ClinicId, "2027-01-09", "09:00", "12:00"), Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["clinicId"], weekly.Errors.Keys);
        Assert.Equal(["clinicId"], extra.Errors.Keys);
        Assert.Empty(await app.WithDbAsync(db => Task.FromResult(db.WeeklyHours.Where(h => h.ClinicId == other.ClinicId && h.DoctorId != other.DoctorId).ToList())));
    }

    [Theory]
    [InlineData("Consultation", 4, 0, "in-person", "durationMinutes")]
    [InlineData("Consultation", 241, 0, "in-person", "durationMinutes")]
    [InlineData("Consultation", 30, 121, "in-person", "bufferAfterMinutes")]
    [InlineData("Consultation", 30, -1, "in-person", "bufferAfterMinutes")]
    [InlineData("   ", 30, 0, "in-person", "name")]
    [InlineData("Consultation", 30, 0, "phone", "mode")]
    public async Task AppointmentType_Invalid_Answers400NamingTheField(string name, int duration, int buffer, string mode, string field)
    {
        var (_, me) = await DoctorAsync();

        var response = await me.Client.PostAsJsonAsync("/api/v1/doctors/me/appointment-types", new AppointmentTypeRequest(name, duration, buffer, mode, true, true), Ct);

        Assert.Equal([field], (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [Fact]
    public async Task AppointmentType_AtTheLimits_IsAcceptedAndTooLongANameOrNobodyToBookIsNot()
    {
        var (_, me) = await DoctorAsync();

        Assert.Equal(HttpStatusCode.Created, (await me.Client.PostAsJsonAsync("/api/v1/doctors/me/appointment-types",
            new AppointmentTypeRequest(new string('n', 100), 5, 0, "in-person", true, false), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await me.Client.PostAsJsonAsync("/api/v1/doctors/me/appointment-types",
            new AppointmentTypeRequest("Long", 240, 120, null, null, null), Ct)).StatusCode);
        var tooLong = await me.Client.PostAsJsonAsync("/api/v1/doctors/me/appointment-types", new AppointmentTypeRequest(new string('n', 101), 30, 0, null, null, null), Ct);
        var nobody = await me.Client.PostAsJsonAsync("/api/v1/doctors/me/appointment-types", new AppointmentTypeRequest("Nobody", 30, 0, null, false, false), Ct);

        Assert.Equal(["name"], (await tooLong.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Equal(["forNewPatients"], (await nobody.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [Fact]
    public async Task AppointmentType_Edited_ChangesTheSlotsLength()
    {
        var (doctor, me) = await DoctorAsync();

        var edited = await (await me.Client.PutAsJsonAsync($"/api/v1/doctors/me/appointment-types/{doctor.TypeId}",
            new AppointmentTypeRequest("Long consultation", 60, 0, "in-person", true, true), Ct)).ShouldBeOkJsonAsync<AppointmentTypeView>();

        Assert.Equal(("Long consultation", 60), (edited.Name, edited.DurationMinutes));
        var tomorrow = $"{app.Tomorrow(doctor):yyyy'-'MM'-'dd}";
        Assert.Equal(10, (await SlotsAsync(doctor, doctor.TypeId)).Slots.Count(s => s.Start.StartsWith(tomorrow, StringComparison.Ordinal))); // 08:00–18:00 in hours
    }

    [Theory]
    [InlineData("T09:00", "T09:00", "end")]
    [InlineData("T12:00", "T09:00", "end")]
    [InlineData("T09:02", "T12:00", "start")]
    [InlineData("", "T12:00", "start")]
    public async Task TimeOff_Invalid_Answers400NamingTheField(string start, string end, string field)
    {
        var (doctor, me) = await DoctorAsync();
        var date = $"{app.Tomorrow(doctor).PlusDays(5):yyyy'-'MM'-'dd}";

        var response = await me.Client.PostAsJsonAsync("/api/v1/doctors/me/time-off",
            new TimeOffRequest(start.Length == 0 ? "" : date + start, date + end, null), Ct);

        Assert.Equal([field], (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [Fact]
    public async Task TimeOffAndExtraHours_OverlappingTheirOwnKind_Answer400()
    {
        var (doctor, me) = await DoctorAsync();
        var date = $"{app.Tomorrow(doctor).PlusDays(5):yyyy'-'MM'-'dd}";
        (await me.Client.PostAsJsonAsync("/api/v1/doctors/me/time-off", new TimeOffRequest($"{date}T09:00", $"{date}T12:00", null), Ct)).EnsureSuccessStatusCode();
        (await me.Client.PostAsJsonAsync("/api/v1/doctors/me/extra-hours", new ExtraHoursRequest(doctor.ClinicId, date, "18:00", "20:00"), Ct)).EnsureSuccessStatusCode();

        var timeOff = await me.Client.PostAsJsonAsync("/api/v1/doctors/me/time-off", new TimeOffRequest($"{date}T11:55", $"{date}T14:00", null), Ct);
        var extra = await me.Client.PostAsJsonAsync("/api/v1/doctors/me/extra-hours", new ExtraHoursRequest(doctor.ClinicId, date, "19:00", "00:00"), Ct);
        var adjacent = await me.Client.PostAsJsonAsync("/api/v1/doctors/me/time-off", new TimeOffRequest($"{date}T12:00", $"{date}T14:00", null), Ct);

        Assert.Equal(["start"], (await timeOff.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Equal(["start"], (await extra.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Equal(HttpStatusCode.Created, adjacent.StatusCode);
    }

    [Theory]
    [InlineData(-1, 90, "minimumNoticeMinutes")]
    [InlineData(10081, 90, "minimumNoticeMinutes")]
    [InlineData(120, 0, "horizonDays")]
    [InlineData(120, 366, "horizonDays")]
    public async Task BookingRules_OutOfRange_Answer400(int notice, int horizon, string field)
    {
        var (_, me) = await DoctorAsync();

        var response = await me.Client.PutAsJsonAsync("/api/v1/doctors/me/booking-rules", new BookingRulesRequest(notice, horizon), Ct);

        Assert.Equal([field], (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [Fact]
    public async Task BookingRules_LongerNotice_RemovesTheEarlySlots()
    {
        var (doctor, me) = await DoctorAsync();
        var notice = Duration.FromDays(3);
        var earliest = Instant.FromDateTimeOffset(app.Clock.GetUtcNow()) + notice;
        Assert.Contains((await SlotsAsync(doctor, doctor.TypeId)).Slots, s => Start(s) < earliest);

        (await me.Client.PutAsJsonAsync("/api/v1/doctors/me/booking-rules", new BookingRulesRequest((int)notice.TotalMinutes, 90), Ct)).EnsureSuccessStatusCode();

        var slots = (await SlotsAsync(doctor, doctor.TypeId)).Slots;
        Assert.NotEmpty(slots);
        Assert.All(slots, s => Assert.True(Start(s) >= earliest, $"{s.Start} is inside the three days' notice."));
    }

    [Fact]
    public async Task WeeklyHours_Changed_ChangeTheSlotsOffered()
    {
        var (doctor, me) = await DoctorAsync();
        var tomorrow = app.Tomorrow(doctor);

        (await me.PutWeeklyHoursAsync(doctor.ClinicId, Working(ScheduleTestKit.DayName(tomorrow), "12:00", "14:00"),
            new WeeklyIntervalRequest("break", ScheduleTestKit.DayName(tomorrow), "12:30", "13:00"))).EnsureSuccessStatusCode();

        var from = IsoTime.Format(tomorrow.AtMidnight().InZoneLeniently(doctor.Zone).ToInstant(), doctor.Zone);
        var to = IsoTime.Format(tomorrow.PlusDays(1).AtMidnight().InZoneLeniently(doctor.Zone).ToInstant(), doctor.Zone);
        var slots = (await SlotsAsync(doctor, doctor.TypeId, from, to)).Slots;
        Assert.Equal(["12:00", "13:00", "13:30"], slots.Select(s => s.Start[11..16]));
    }

    [Fact]
    public async Task WeeklyHours_LeavingABookedPatientOutside_Answers409UntilTheAppointmentIsCancelled()
    {
        var (doctor, me) = await DoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10));
        var day = ScheduleTestKit.DayName(app.Tomorrow(doctor));

        var conflicts = await (await me.PutWeeklyHoursAsync(doctor.ClinicId, Working(day, "12:00", "18:00"))).ShouldBeConflictAsync();

        var conflict = Assert.Single(conflicts);
        Assert.Equal(booked.Id, conflict.GetProperty("id").GetGuid());
        Assert.Equal(booked.Start, conflict.GetProperty("start").GetString());
        Assert.Equal("Patient Person", conflict.GetProperty("patientName").GetString());
        Assert.Equal(7, (await me.ScheduleAsync()).WeeklyHours.Count); // nothing saved
        Assert.Equal(HttpStatusCode.OK, (await me.CancelAsDoctorAsync(booked.Id)).StatusCode);

        var saved = await (await me.PutWeeklyHoursAsync(doctor.ClinicId, Working(day, "12:00", "18:00"))).ShouldBeOkJsonAsync<WeeklyHoursSaved>();

        Assert.Equal([("working", day, "12:00", "18:00")], saved.Intervals.Select(h => (h.Kind, h.Day, h.Start, h.End)));
    }

    [Fact]
    public async Task WeeklyHours_ABreakOverABookingOrHoursThatStillCoverIt_AreJudgedByTheNewOpenHours()
    {
        var (doctor, me) = await DoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10));
        var day = ScheduleTestKit.DayName(app.Tomorrow(doctor));

        var split = await me.PutWeeklyHoursAsync(doctor.ClinicId, Working(day, "08:00", "10:15"), Working(day, "10:15", "18:00"));
        var breakOver = await me.PutWeeklyHoursAsync(doctor.ClinicId, Working(day, "08:00", "18:00"), new WeeklyIntervalRequest("break", day, "10:25", "11:00"));
        var around = await me.PutWeeklyHoursAsync(doctor.ClinicId, Working(day, "10:00", "10:30"));

        Assert.Equal(HttpStatusCode.OK, split.StatusCode); // touching intervals are one stretch of open time
        Assert.Single(await breakOver.ShouldBeConflictAsync());
        Assert.Equal(HttpStatusCode.OK, around.StatusCode);
    }

    [Fact]
    public async Task TimeOff_OverABookedPatient_Answers409UntilTheAppointmentIsCancelled()
    {
        var (doctor, me) = await DoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10));
        var request = new TimeOffRequest(LocalDateTime(doctor, 0), LocalDateTime(doctor, 0, daysAhead: 2), "Holiday");

        var conflict = Assert.Single(await (await me.Client.PostAsJsonAsync("/api/v1/doctors/me/time-off", request, Ct)).ShouldBeConflictAsync());
        Assert.Equal(booked.Id, conflict.GetProperty("id").GetGuid());
        Assert.Empty((await me.ScheduleAsync()).TimeOff);
        Assert.Equal(HttpStatusCode.OK, (await me.CancelAsDoctorAsync(booked.Id)).StatusCode);

        var created = await me.Client.PostAsJsonAsync("/api/v1/doctors/me/time-off", request, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var off = await created.Content.ReadFromJsonAsync<TimeOffView>(Ct);
        Assert.Equal(HttpStatusCode.NoContent, (await me.Client.DeleteAsync(new Uri($"/api/v1/doctors/me/time-off/{off!.Id}", UriKind.Relative), Ct)).StatusCode);
        Assert.Empty((await me.ScheduleAsync()).TimeOff);
    }

    [Fact]
    public async Task ExtraHours_RemovedUnderABookedPatient_Answers409UntilTheAppointmentIsCancelled()
    {
        var (doctor, me) = await DoctorAsync();
        var date = $"{app.Tomorrow(doctor):yyyy'-'MM'-'dd}";
        var extra = await (await me.Client.PostAsJsonAsync("/api/v1/doctors/me/extra-hours", new ExtraHoursRequest(doctor.ClinicId, date, "18:00", "21:00"), Ct))
            .Content.ReadFromJsonAsync<ExtraHoursView>(Ct);
        var patient = (await app.CreatePatientsAsync(1))[0];
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 19));
        var url = new Uri($"/api/v1/doctors/me/extra-hours/{extra!.Id}", UriKind.Relative);

        Assert.Equal(booked.Id, Assert.Single(await (await me.Client.DeleteAsync(url, Ct)).ShouldBeConflictAsync()).GetProperty("id").GetGuid());
        Assert.Single((await me.ScheduleAsync()).ExtraHours);
        Assert.Equal(HttpStatusCode.OK, (await me.CancelAsDoctorAsync(booked.Id)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await me.Client.DeleteAsync(url, Ct)).StatusCode);
        Assert.Empty((await me.ScheduleAsync()).ExtraHours);
    }

    [Fact]
    public async Task AppointmentType_Retired_IsNoLongerOfferedButItsAppointmentsStayReadable()
    {
        var (doctor, me) = await DoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 11, daysAhead: 4));

        var retired = await me.Client.DeleteAsync(new Uri($"/api/v1/doctors/me/appointment-types/{doctor.TypeId}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NoContent, retired.StatusCode);
        var offered = await (await app.CreateClient().GetAsync(new Uri($"/api/v1/doctors/{doctor.DoctorId}/appointment-types", UriKind.Relative), Ct))
            .ShouldBeOkJsonAsync<List<AppointmentTypeView>>();
        Assert.DoesNotContain(offered, t => t.Id == doctor.TypeId);
        Assert.DoesNotContain((await me.ScheduleAsync()).AppointmentTypes, t => t.Id == doctor.TypeId);
        var details = await (await patient.Client.GetAsync(new Uri($"/api/v1/appointments/{booked.Id}", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<AppointmentDetails>();
        Assert.Equal(("Consultation", "confirmed"), (details.Appointment.AppointmentType, details.Appointment.Status));
        Assert.Equal(HttpStatusCode.NotFound, (await me.Client.PutAsJsonAsync($"/api/v1/doctors/me/appointment-types/{doctor.TypeId}",
            new AppointmentTypeRequest("Back again", 30, 0, null, null, null), Ct)).StatusCode);
    }

    [Fact]
    public async Task AnotherDoctorsIds_Answer404AndChangeNothing()
    {
        var (owner, ownerApi) = await DoctorAsync();
        var (_, intruder) = await DoctorAsync();
        var date = $"{app.Tomorrow(owner).PlusDays(6):yyyy'-'MM'-'dd}";
        var off = await (await ownerApi.Client.PostAsJsonAsync("/api/v1/doctors/me/time-off", new TimeOffRequest($"{date}T09:00", $"{date}T10:00", null), Ct))
            .Content.ReadFromJsonAsync<TimeOffView>(Ct);
        var extra = await (await ownerApi.Client.PostAsJsonAsync("/api/v1/doctors/me/extra-hours", new ExtraHoursRequest(owner.ClinicId, date, "19:00", "20:00"), Ct))
            .Content.ReadFromJsonAsync<ExtraHoursView>(Ct);

        await (await intruder.Client.DeleteAsync(new Uri($"/api/v1/doctors/me/time-off/{off!.Id}", UriKind.Relative), Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await intruder.Client.DeleteAsync(new Uri($"/api/v1/doctors/me/extra-hours/{extra!.Id}", UriKind.Relative), Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await intruder.Client.DeleteAsync(new Uri($"/api/v1/doctors/me/appointment-types/{owner.TypeId}", UriKind.Relative), Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await intruder.Client.PutAsJsonAsync($"/api/v1/doctors/me/appointment-types/{owner.TypeId}",
            new AppointmentTypeRequest("Mine now", 30, 0, null, null, null), Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var schedule = await ownerApi.ScheduleAsync();
        Assert.Single(schedule.TimeOff);
        Assert.Single(schedule.ExtraHours);
        Assert.Contains(schedule.AppointmentTypes, t => t.Id == owner.TypeId && t.Name == "Consultation");
    }

    [Theory]
    [InlineData("""{"clinicId": "first", "intervals": []}""")]
    [InlineData("""{"clinicId": 1, "intervals": [null]}""")]
    [InlineData("""{"clinicId": 1, "intervals": [{"kind": "working", "day": "monday", "start": "25:00", "end": "26:00"}]}""")]
    [InlineData("""not json""")]
    public async Task WeeklyHours_MalformedBody_Answers400ProblemNever500(string body)
    {
        var (_, me) = await DoctorAsync();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await me.Client.PutAsync(new Uri("/api/v1/doctors/me/weekly-hours", UriKind.Relative), content, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ScheduleChanges_MarkTheDirectorysNextFreeSlotStale()
    {
        var (doctor, me) = await DoctorAsync();
        var date = $"{app.Tomorrow(doctor).PlusDays(2):yyyy'-'MM'-'dd}";
        var changes = new Func<Task<HttpResponseMessage>>[]
        {
            () => me.PutWeeklyHoursAsync(doctor.ClinicId, Working("monday", "09:00", "12:00")),
            () => me.Client.PostAsJsonAsync("/api/v1/doctors/me/time-off", new TimeOffRequest($"{date}T09:00", $"{date}T10:00", null), Ct),
            () => me.Client.PostAsJsonAsync("/api/v1/doctors/me/extra-hours", new ExtraHoursRequest(doctor.ClinicId, date, "19:00", "20:00"), Ct),
            () => me.Client.PostAsJsonAsync("/api/v1/doctors/me/appointment-types", new AppointmentTypeRequest("Short", 10, 0, null, null, null), Ct),
            () => me.Client.PutAsJsonAsync("/api/v1/doctors/me/booking-rules", new BookingRulesRequest(30, 60), Ct),
        };

        foreach (var change in changes)
        {
            await RefreshDirectoryAsync();
            Assert.NotNull(await RefreshedAtAsync(doctor));

            (await change()).EnsureSuccessStatusCode();

            Assert.Null(await RefreshedAtAsync(doctor));
        }
    }

    private async Task RefreshDirectoryAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var refresh = scope.ServiceProvider.GetRequiredService<RefreshAvailability>();
        while (await refresh.RefreshStaleAsync(500, Ct) == 500)
        {
        }
    }

    private Task<Instant?> RefreshedAtAsync(TestDoctor doctor) =>
        app.WithDbAsync(db => db.DoctorAvailability.Where(a => a.DoctorId == doctor.DoctorId).Select(a => a.RefreshedAt).SingleAsync(Ct));

    [Fact]
    public async Task Patient_IsForbidden()
    {
        var (doctor, _) = await DoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];

        await (await patient.Client.GetAsync(new Uri("/api/v1/doctors/me/schedule", UriKind.Relative), Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await patient.PutWeeklyHoursAsync(doctor.ClinicId, Working("monday", "09:00", "10:00"))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task DoctorWithoutTwoFactor_IsForbiddenAndAnonymousIsUnauthorized()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var withoutTwoFactor = await app.CreateDoctorUserAsync(doctor, multiFactor: false);
        var admin = await app.CreateApiUserAsync(Roles.Admin, multiFactor: true);

        Assert.Equal(HttpStatusCode.Forbidden, (await withoutTwoFactor.Client.GetAsync(new Uri("/api/v1/doctors/me/schedule", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await withoutTwoFactor.PutWeeklyHoursAsync(doctor.ClinicId, Working("monday", "09:00", "10:00"))).StatusCode);
        await (await admin.Client.GetAsync(new Uri("/api/v1/doctors/me/schedule", UriKind.Relative), Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(new Uri("/api/v1/doctors/me/schedule", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(7, await app.WithDbAsync(db => Task.FromResult(db.WeeklyHours.Count(h => h.DoctorId == doctor.DoctorId))));
    }

    private static Instant Start(SlotView slot) => NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Parse(slot.Start).Value.ToInstant();
}
