using System.Net;
using System.Net.Http.Json;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Appointments;

public sealed class BookingTestsOnSqlite(SqliteApp app) : BookingTests(app), IClassFixture<SqliteApp>;

public sealed class BookingTestsOnPostgres(PostgresApp app) : BookingTests(app), IClassFixture<PostgresApp>;

public abstract class BookingTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<SlotsView> SlotsAsync(HttpClient client, TestDoctor doctor, string query = "") =>
        await (await client.GetAsync(new Uri($"/api/v1/doctors/{doctor.DoctorId}/slots?appointmentTypeId={doctor.TypeId}{query}", UriKind.Relative), Ct))
            .ShouldBeOkJsonAsync<SlotsView>();

    [Fact]
    public async Task Slots_BookableDoctor_ListsClinicTimesWithOffsetAndZone()
    {
        var doctor = await app.CreateBookableDoctorAsync("Europe/Berlin");

        var slots = await SlotsAsync(app.CreateClient(), doctor);

        var tomorrowAtEight = app.LocalTimeTomorrow(doctor, 8);
        Assert.EndsWith("+01:00", tomorrowAtEight, StringComparison.Ordinal);
        var first = Assert.Single(slots.Slots, s => s.Start == tomorrowAtEight);
        Assert.Equal(app.LocalTimeTomorrow(doctor, 8, 30), first.End);
        Assert.Equal(("Europe/Berlin", "CET", doctor.ClinicId), (first.TimeZone, first.TimeZoneAbbreviation, first.ClinicId));
        Assert.Equal(20, slots.Slots.Count(s => s.Start.StartsWith(tomorrowAtEight[..10], StringComparison.Ordinal))); // 08:00–18:00 in half hours
    }

    [Fact]
    public async Task Slots_NewYorkClinic_AreInNewYorkTime()
    {
        var doctor = await app.CreateBookableDoctorAsync("America/New_York");

        var slots = await SlotsAsync(app.CreateClient(), doctor);

        Assert.Contains(slots.Slots, s => s.Start == app.LocalTimeTomorrow(doctor, 8) && s.TimeZoneAbbreviation == "EST");
        Assert.All(slots.Slots, s => Assert.EndsWith("-05:00", s.Start, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "appointmentTypeId")]
    [InlineData("&appointmentTypeId=1&from=tomorrow", "from")]
    [InlineData("&appointmentTypeId=1&from=2026-12-01T09:00:00", "from")]
    [InlineData("&appointmentTypeId=1&from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "to")]
    [InlineData("&appointmentTypeId=1&from=2026-12-01T00:00:00Z&to=2027-06-01T00:00:00Z", "to")]
    public async Task Slots_BadQuery_AnswersProblemNamingTheField(string query, string field)
    {
        var response = await app.CreateClient().GetAsync(new Uri($"/api/v1/doctors/1/slots?x=1{query}", UriKind.Relative), Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.Errors.Keys);
    }

    [Fact]
    public async Task Slots_UnknownDoctorOrForeignType_Answers404()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var other = await app.CreateBookableDoctorAsync();
        var client = app.CreateClient();

        await (await client.GetAsync(new Uri($"/api/v1/doctors/999999/slots?appointmentTypeId={doctor.TypeId}", UriKind.Relative), Ct))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync(new Uri($"/api/v1/doctors/{doctor.DoctorId}/slots?appointmentTypeId={other.TypeId}", UriKind.Relative), Ct))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AppointmentTypes_ListsWhatTheDoctorOffers()
    {
        var doctor = await app.CreateBookableDoctorAsync(durationMinutes: 45, bufferMinutes: 15);

        var types = await (await app.CreateClient().GetAsync(new Uri($"/api/v1/doctors/{doctor.DoctorId}/appointment-types", UriKind.Relative), Ct))
            .ShouldBeOkJsonAsync<List<AppointmentTypeView>>();

        var type = Assert.Single(types);
        Assert.Equal((doctor.TypeId, 45, 15, "in-person"), (type.Id, type.DurationMinutes, type.BufferAfterMinutes, type.Mode));
    }

    [Fact]
    public async Task Book_FreeSlot_Returns201WithLocationHistoryAndEventInOneSave()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var start = app.LocalTimeTomorrow(doctor, 10);

        var response = await patient.BookAsync(doctor, start, "Persistent cough");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var booked = (await response.Content.ReadFromJsonAsync<AppointmentView>(Ct))!;
        Assert.Equal($"/api/v1/appointments/{booked.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal((start, "confirmed", "Persistent cough", doctor.ClinicPhone), (booked.Start, booked.Status, booked.Reason, booked.ClinicPhone));
        var (history, events) = await app.WithDbAsync(async db => (
            await db.AppointmentHistory.Where(h => h.AppointmentId == booked.Id).OrderBy(h => h.Id).ToListAsync(Ct),
            await db.AppointmentEvents.Where(e => e.AppointmentId == booked.Id).OrderBy(e => e.Version).ToListAsync(Ct)));
        Assert.Equal([(null, AppointmentStatus.Requested, Actor.Patient), (AppointmentStatus.Requested, AppointmentStatus.Confirmed, Actor.System)],
            history.Select(h => (h.FromStatus, h.ToStatus, h.Actor)));
        Assert.Equal([(AppointmentEventKind.Booked, 1), (AppointmentEventKind.StatusChanged, 2)], events.Select(e => (e.Kind, e.Version)));
    }

    [Fact]
    public async Task Book_ClinicWithoutAutoConfirm_StaysRequested()
    {
        var doctor = await app.CreateBookableDoctorAsync(policy: p => p.AutoConfirm = false);
        var patient = (await app.CreatePatientsAsync(1))[0];

        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10));

        Assert.Equal("requested", booked.Status);
    }

    [Fact]
    public async Task Book_HoursAtAClinicTheDoctorHasLeft_BookThereUnderThatClinicsRules()
    {
        var doctor = await app.CreateBookableDoctorAsync(policy: p => p.AutoConfirm = false);
        var leftClinicName = await app.WithDbAsync(async db =>
        {
            var entry = await db.Doctors.Include(d => d.Clinics).SingleAsync(d => d.Id == doctor.DoctorId, Ct);
            var left = entry.Clinics.Single();
            entry.Clinics.Clear();
            entry.Clinics.Add(new Clinic($"New Clinic {Guid.NewGuid():N}", "2 Test Street", "Testville", "12345", "DE", 52.5, 13.4, "Europe/Berlin", "+493099999999"));
            await db.SaveChangesAsync(Ct);
            return left.Name;
        });
        var patient = (await app.CreatePatientsAsync(1))[0];

        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10));

        Assert.Equal((doctor.ClinicId, leftClinicName, doctor.ClinicPhone, "requested"), (booked.ClinicId, booked.ClinicName, booked.ClinicPhone, booked.Status));
    }

    [Fact]
    public async Task Book_SlotAlreadyTaken_ReturnsConflictAndTheSlotIsNoLongerListed()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patients = await app.CreatePatientsAsync(2);
        var start = app.LocalTimeTomorrow(doctor, 11);
        await patients[0].BookOkAsync(doctor, start);

        var second = await patients[1].BookAsync(doctor, start);

        await second.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.DoesNotContain((await SlotsAsync(app.CreateClient(), doctor)).Slots, s => s.Start == start);
    }

    [Theory]
    [InlineData(7, 0)]   // before opening
    [InlineData(18, 0)]  // at closing
    [InlineData(10, 10)] // off the half-hour grid
    public async Task Book_TimeThatIsNotASlot_ReturnsConflict(int hour, int minute)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];

        await (await patient.BookAsync(doctor, app.LocalTimeTomorrow(doctor, hour, minute))).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Book_BufferAfterAnotherBooking_IsRespected()
    {
        var doctor = await app.CreateBookableDoctorAsync(durationMinutes: 30, bufferMinutes: 15);
        var patients = await app.CreatePatientsAsync(2);
        await patients[0].BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 8));

        var slots = await SlotsAsync(app.CreateClient(), doctor);

        Assert.DoesNotContain(slots.Slots, s => s.Start == app.LocalTimeTomorrow(doctor, 8, 30));
        Assert.Contains(slots.Slots, s => s.Start == app.LocalTimeTomorrow(doctor, 8, 45));
        await patients[1].BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 8, 45));
    }

    [Fact]
    public async Task Book_WithinMinimumNoticeOrBeyondHorizon_ReturnsConflict()
    {
        var doctor = await app.CreateBookableDoctorAsync(minimumNoticeMinutes: 120);
        var patient = (await app.CreatePatientsAsync(1))[0];
        var now = Instant.FromDateTimeOffset(app.Clock.GetUtcNow()).InZone(doctor.Zone);
        var soon = now.LocalDateTime.Date.At(new LocalTime(now.Hour, 0)).PlusHours(1).InZoneStrictly(doctor.Zone);
        var tooFar = now.Date.PlusDays(BookingRules.DefaultHorizonDays + 1).At(new LocalTime(10, 0)).InZoneStrictly(doctor.Zone);

        foreach (var start in new[] { soon, tooFar })
        {
            await (await patient.BookAsync(doctor, NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Format(start.ToOffsetDateTime())))
                .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        }
    }

    [Fact]
    public async Task Book_OverlappingOwnAppointmentWithAnotherDoctor_ReturnsConflict()
    {
        var first = await app.CreateBookableDoctorAsync();
        var second = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        await patient.BookOkAsync(first, app.LocalTimeTomorrow(first, 9));

        var problem = await (await patient.BookAsync(second, app.LocalTimeTomorrow(second, 9))).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("another appointment", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Book_BeyondTheClinicCapWithOneDoctor_ReturnsConflict()
    {
        var doctor = await app.CreateBookableDoctorAsync(policy: p => p.MaxUpcomingPerDoctor = 2);
        var patient = (await app.CreatePatientsAsync(1))[0];
        await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 9));
        await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10));

        var problem = await (await patient.BookAsync(doctor, app.LocalTimeTomorrow(doctor, 11))).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("2 upcoming appointments", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "2026-12-01T09:00:00Z", "doctorId")]
    [InlineData(1, "next tuesday", "start")]
    [InlineData(1, "2026-12-01T09:00:00", "start")]
    public async Task Book_BadRequest_AnswersValidationProblem(int? doctorId, string start, string field)
    {
        var patient = (await app.CreatePatientsAsync(1))[0];

        var response = await patient.Client.PostAsJsonAsync("/api/v1/appointments", new BookAppointmentRequest(doctorId, 1, start, null), Ct);

        Assert.Contains(field, (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [Fact]
    public async Task Book_ReasonTooLong_AnswersValidationProblemAndStoresNothing()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];

        var response = await patient.BookAsync(doctor, app.LocalTimeTomorrow(doctor, 9), new string('x', 1001));

        Assert.Contains("reason", (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Equal(0, await app.WithDbAsync(db => db.Appointments.CountAsync(a => a.PatientId == patient.Id, Ct)));
    }

    [Fact]
    public async Task Book_NotAPatient_IsRefused()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var start = app.LocalTimeTomorrow(doctor, 9);
        var anonymous = await app.CreateClient().PostAsJsonAsync("/api/v1/appointments", new BookAppointmentRequest(doctor.DoctorId, doctor.TypeId, start, null), Ct);
        var support = await (await app.CreateApiUserAsync(Roles.Support)).BookAsync(doctor, start);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, support.StatusCode);
    }

    [Fact]
    public async Task Book_UnverifiedPatient_IsRefused()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == patient.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.EmailConfirmed, false), Ct));

        await (await patient.BookAsync(doctor, app.LocalTimeTomorrow(doctor, 9))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Hold_KeepsTheSlotFromOthersForFiveMinutesThenLapses()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patients = await app.CreatePatientsAsync(2);
        var start = app.LocalTimeTomorrow(doctor, 12);

        var holdResponse = await patients[0].Client.PostAsJsonAsync("/api/v1/appointments/holds", new HoldSlotRequest(doctor.DoctorId, doctor.TypeId, start), Ct);
        Assert.Equal(HttpStatusCode.Created, holdResponse.StatusCode);
        var hold = (await holdResponse.Content.ReadFromJsonAsync<HoldView>(Ct))!;
        var expected = Instant.FromDateTimeOffset(app.Clock.GetUtcNow()).Plus(Duration.FromMinutes(5));
        Assert.Equal(expected, NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Parse(hold.ExpiresAt).Value.ToInstant());

        Assert.DoesNotContain((await SlotsAsync(patients[1].Client, doctor)).Slots, s => s.Start == start);
        Assert.Contains((await SlotsAsync(patients[0].Client, doctor)).Slots, s => s.Start == start);
        await (await patients[1].BookAsync(doctor, start)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        app.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Contains((await SlotsAsync(patients[1].Client, doctor)).Slots, s => s.Start == start);
        await patients[1].BookOkAsync(doctor, start);
    }

    [Fact]
    public async Task ReleaseHold_OwnHold_Answers204AndFreesTheSlot_ThenUnknownAndForeignIdsAnswer404()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patients = await app.CreatePatientsAsync(2);
        var start = app.LocalTimeTomorrow(doctor, 15);
        var created = await patients[0].Client.PostAsJsonAsync("/api/v1/appointments/holds", new HoldSlotRequest(doctor.DoctorId, doctor.TypeId, start), Ct);
        var hold = (await created.Content.ReadFromJsonAsync<HoldView>(Ct))!;
        var url = new Uri($"/api/v1/appointments/holds/{hold.Id}", UriKind.Relative);

        var byAnother = await patients[1].Client.DeleteAsync(url, Ct);
        var byTheHolder = await patients[0].Client.DeleteAsync(url, Ct);
        var again = await patients[0].Client.DeleteAsync(url, Ct);
        var unknown = await patients[0].Client.DeleteAsync(new Uri($"/api/v1/appointments/holds/{Guid.NewGuid()}", UriKind.Relative), Ct);

        await byAnother.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, byTheHolder.StatusCode);
        await again.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains((await SlotsAsync(patients[1].Client, doctor)).Slots, s => s.Start == start);
    }

    [Fact]
    public async Task Hold_TheHolderBooksIt_AndTheHoldIsUsedUp()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var start = app.LocalTimeTomorrow(doctor, 13);
        (await patient.Client.PostAsJsonAsync("/api/v1/appointments/holds", new HoldSlotRequest(doctor.DoctorId, doctor.TypeId, start), Ct)).EnsureSuccessStatusCode();

        await patient.BookOkAsync(doctor, start);

        Assert.Equal(0, await app.WithDbAsync(db => db.SlotHolds.CountAsync(h => h.PatientId == patient.Id, Ct)));
    }

    [Fact]
    public async Task Hold_ASecondOneWithTheSameDoctor_ReplacesTheFirst_AndOthersSeeTheFirstSlotAgain()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patients = await app.CreatePatientsAsync(2);
        var first = app.LocalTimeTomorrow(doctor, 10);
        var second = app.LocalTimeTomorrow(doctor, 11);
        (await patients[0].Client.PostAsJsonAsync("/api/v1/appointments/holds", new HoldSlotRequest(doctor.DoctorId, doctor.TypeId, first), Ct)).EnsureSuccessStatusCode();

        (await patients[0].Client.PostAsJsonAsync("/api/v1/appointments/holds", new HoldSlotRequest(doctor.DoctorId, doctor.TypeId, second), Ct)).EnsureSuccessStatusCode();

        var held = await app.WithDbAsync(db => db.SlotHolds.Where(h => h.PatientId == patients[0].Id).Select(h => h.Start).ToListAsync(Ct));
        Assert.Equal([NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Parse(second).Value.ToInstant()], held);
        var othersSee = (await SlotsAsync(patients[1].Client, doctor)).Slots;
        Assert.Contains(othersSee, s => s.Start == first);
        Assert.DoesNotContain(othersSee, s => s.Start == second);
    }

    [Fact]
    public async Task Book_RefusedElsewhere_KeepsThePatientsHold()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patients = await app.CreatePatientsAsync(2);
        var held = app.LocalTimeTomorrow(doctor, 10);
        var taken = app.LocalTimeTomorrow(doctor, 14);
        await patients[1].BookOkAsync(doctor, taken);
        (await patients[0].Client.PostAsJsonAsync("/api/v1/appointments/holds", new HoldSlotRequest(doctor.DoctorId, doctor.TypeId, held), Ct)).EnsureSuccessStatusCode();

        await (await patients[0].BookAsync(doctor, taken)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(1, await app.WithDbAsync(db => db.SlotHolds.CountAsync(h => h.PatientId == patients[0].Id, Ct)));
        Assert.DoesNotContain((await SlotsAsync(patients[1].Client, doctor)).Slots, s => s.Start == held);
    }
    [Fact]
    public async Task List_UpcomingAndPast_SplitAtNow()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 14));

        var upcoming = await (await patient.Client.GetAsync(new Uri("/api/v1/appointments?scope=upcoming", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<List<AppointmentView>>();
        var past = await (await patient.Client.GetAsync(new Uri("/api/v1/appointments?scope=past", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<List<AppointmentView>>();
        var bad = await patient.Client.GetAsync(new Uri("/api/v1/appointments?scope=soon", UriKind.Relative), Ct);

        Assert.Equal(booked.Id, Assert.Single(upcoming).Id);
        Assert.Empty(past);
        await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Book_TypeForReturningPatients_IsRefusedToANewPatient_AllowedAfterACompletedVisit()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var followUpId = await app.WithDbAsync(async db =>
        {
            var followUp = new AppointmentType(doctor.DoctorId, "Follow-up", 15, 0, VisitMode.InPerson, forNewPatients: false, forReturningPatients: true);
            db.AppointmentTypes.Add(followUp);
            await db.SaveChangesAsync(Ct);
            return followUp.Id;
        });
        var followUpDoctor = doctor with { TypeId = followUpId };

        var refused = await patient.BookAsync(followUpDoctor, app.LocalTimeTomorrow(doctor, 10));
        Assert.Contains("appointmentTypeId", (await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);

        var first = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 9, daysAhead: 2));
        await app.WithDbAsync(db => db.Appointments.Where(a => a.Id == first.Id)
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.Status, AppointmentStatus.Completed), Ct));
        await patient.BookOkAsync(followUpDoctor, app.LocalTimeTomorrow(doctor, 10));
    }

    [Fact]
    public async Task Book_DoctorNotTakingNewPatients_RefusesANewPatient()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        await app.WithDbAsync(db => db.Doctors.Where(d => d.Id == doctor.DoctorId)
            .ExecuteUpdateAsync(d => d.SetProperty(x => x.AcceptingNewPatients, false), Ct));

        var problem = await (await patient.BookAsync(doctor, app.LocalTimeTomorrow(doctor, 10))).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("not accepting new patients", problem.Detail, StringComparison.Ordinal);
    }
}
