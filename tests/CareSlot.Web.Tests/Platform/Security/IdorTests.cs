using System.Net;
using System.Net.Http.Json;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Features.Schedules;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Platform.Security;

/// <summary>
/// Someone else's appointment, hold or schedule entry, reached by its id through the pages: it answers 404
/// (never 403, so ids reveal nothing) and stays exactly as it was. The API's entry points have their own
/// tests: AppointmentChangesTests.OtherPatientsAppointment_AnswersNotFoundForEveryEntryPoint and
/// MyScheduleApiTests.AnotherDoctorsIds_Answer404AndChangeNothing.
/// </summary>
public sealed class IdorTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> BodyAsync(HttpClient client, string url) =>
        await (await client.GetAsync(new Uri(url, UriKind.Relative), Ct)).Content.ReadAsStringAsync(Ct);

    [Fact]
    public async Task AppointmentPages_AnotherPatientsOrAnotherDoctorsAppointment_Answer404AndChangeNothing()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var owner = (await app.CreatePatientsAsync(1))[0];
        var booked = await owner.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10, daysAhead: 3));
        var asTheOwnerSawIt = await BodyAsync(owner.Client, $"/api/v1/appointments/{booked.Id}");
        var otherPatient = await app.SignInAsync(Caller.Patient);
        var otherDoctor = await app.SignInAsync(Caller.DoctorWithSecondFactor);
        var page = $"/appointments/{booked.Id}";
        var elsewhere = app.LocalTimeTomorrow(doctor, 14, daysAhead: 3);

        foreach (var intruder in new[] { otherPatient, otherDoctor })
        {
            var browser = intruder.Browser;
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(new Uri(page, UriKind.Relative), Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(new Uri($"{page}/reschedule", UriKind.Relative), Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await browser.PostPageAsync($"{page}?handler=Cancel",
                new Dictionary<string, string> { ["reason"] = "Not mine" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await browser.PostPageAsync($"{page}?handler=Status",
                new Dictionary<string, string> { ["status"] = "cancelled", ["reason"] = "Not mine" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await browser.PostPageAsync($"{page}/reschedule",
                new Dictionary<string, string> { ["start"] = elsewhere, ["reason"] = "Not mine" })).StatusCode);
            Assert.DoesNotContain(booked.Id.ToString(), await BodyAsync(browser, "/appointments"), StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(asTheOwnerSawIt, await BodyAsync(owner.Client, $"/api/v1/appointments/{booked.Id}"));
    }

    [Fact]
    public async Task Hold_AnotherPatientsHold_CannotBeConfirmedOrReleased()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var holder = (await app.CreatePatientsAsync(1))[0];
        var start = app.LocalTimeTomorrow(doctor, 11, daysAhead: 4);
        var created = await holder.Client.PostAsJsonAsync("/api/v1/appointments/holds", new HoldSlotRequest(doctor.DoctorId, doctor.TypeId, start), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var hold = (await created.Content.ReadFromJsonAsync<HoldView>(Ct))!;
        var intruder = await app.SignInAsync(Caller.Patient);
        var confirmPage = $"/appointments/confirm/{hold.Id}";

        var shown = await intruder.Browser.GetAsync(new Uri(confirmPage, UriKind.Relative), Ct);
        var confirmed = await intruder.Browser.PostPageAsync(confirmPage, new Dictionary<string, string> { ["Reason"] = "Not mine" });
        var released = await intruder.Bearer.DeleteAsync(new Uri($"/api/v1/appointments/holds/{hold.Id}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, shown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, confirmed.StatusCode); // a booking would redirect to the new appointment
        await released.ShouldBeProblemAsync(HttpStatusCode.NotFound); // as an unknown id answers: nothing says whose the id was
        Assert.False(await app.WithDbAsync(db => db.Appointments.AnyAsync(a => a.DoctorId == doctor.DoctorId, Ct)));
        Assert.True(await app.WithDbAsync(db => db.SlotHolds.AnyAsync(h => h.Id == hold.Id, Ct)));
        await holder.BookOkAsync(doctor, start);
    }

    [Fact]
    public async Task SchedulePages_AnotherDoctorsIds_Answer404AndChangeNothing()
    {
        var owner = await app.CreateBookableDoctorAsync();
        var ownerApi = await app.CreateDoctorUserAsync(owner);
        var date = $"{app.Tomorrow(owner).PlusDays(6):yyyy'-'MM'-'dd}";
        var off = await (await ownerApi.Client.PostAsJsonAsync("/api/v1/doctors/me/time-off", new TimeOffRequest($"{date}T09:00", $"{date}T10:00", null), Ct))
            .Content.ReadFromJsonAsync<TimeOffView>(Ct);
        var extra = await (await ownerApi.Client.PostAsJsonAsync("/api/v1/doctors/me/extra-hours", new ExtraHoursRequest(owner.ClinicId, date, "19:00", "20:00"), Ct))
            .Content.ReadFromJsonAsync<ExtraHoursView>(Ct);
        var scheduleBefore = await BodyAsync(ownerApi.Client, "/api/v1/doctors/me/schedule");
        var intruder = (await app.SignInAsync(Caller.DoctorWithSecondFactor)).Browser;
        var editType = $"/account/schedule/appointment-types/{owner.TypeId}";

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync(new Uri(editType, UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PostPageAsync(editType, new Dictionary<string, string>
        {
            ["type.Name"] = "Mine now", ["type.DurationMinutes"] = "30", ["type.BufferAfterMinutes"] = "0", ["type.Mode"] = "in-person",
        })).StatusCode);
        foreach (var (handler, id) in new[] { ("RemoveTimeOff", off!.Id), ("RemoveExtraHours", extra!.Id), ("RetireType", owner.TypeId) })
        {
            var response = await intruder.PostPageAsync($"/account/schedule?handler={handler}", new Dictionary<string, string> { ["id"] = $"{id}" });
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{handler} of another doctor's {id}: {(int)response.StatusCode}");
        }

        Assert.Equal(scheduleBefore, await BodyAsync(ownerApi.Client, "/api/v1/doctors/me/schedule"));
    }
}
