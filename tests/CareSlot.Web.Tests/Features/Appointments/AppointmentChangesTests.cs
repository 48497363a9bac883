using System.Net;
using System.Net.Http.Json;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.Appointments;

public sealed class AppointmentChangesTestsOnSqlite(SqliteApp app) : AppointmentChangesTests(app), IClassFixture<SqliteApp>;

public sealed class AppointmentChangesTestsOnPostgres(PostgresApp app) : AppointmentChangesTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Cancelling, rescheduling and status changes. Each test books a few days ahead on its own doctor,
/// so moving the shared clock forward in one test cannot push another's appointment into the past.
/// </summary>
public abstract class AppointmentChangesTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> PostAsync<T>(ApiUser user, string url, T body) => user.Client.PostAsJsonAsync(url, body, Ct);

    private static async Task<AppointmentDetails> DetailsAsync(ApiUser user, Guid id) =>
        await (await user.Client.GetAsync(new Uri($"/api/v1/appointments/{id}", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<AppointmentDetails>();

    private async Task<(TestDoctor Doctor, ApiUser Patient, AppointmentView Booked)> BookedAsync(int daysAhead = 3, int hour = 10,
        Action<CareSlot.Web.Features.Doctors.ClinicPolicy>? policy = null)
    {
        var doctor = await app.CreateBookableDoctorAsync(policy: policy);
        var patient = (await app.CreatePatientsAsync(1))[0];
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, hour, daysAhead: daysAhead));
        return (doctor, patient, booked);
    }

    /// <summary>Moves "now" to <paramref name="hours"/> before the appointment's start.</summary>
    private void SetClockBeforeStart(AppointmentView appointment, double hours)
    {
        var start = NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Parse(appointment.Start).Value.ToInstant().ToDateTimeOffset();
        app.Clock.SetUtcNow(start.AddHours(-hours));
    }

    [Fact]
    public async Task Cancel_PatientBeforeTheLimit_CancelsFreesTheSlotAndKeepsHistory()
    {
        var (doctor, patient, booked) = await BookedAsync();

        var cancelled = await (await PostAsync(patient, $"/api/v1/appointments/{booked.Id}/cancel", new CancelAppointmentRequest("Feeling better")))
            .ShouldBeOkJsonAsync<AppointmentView>();

        Assert.Equal("cancelled", cancelled.Status);
        var details = await DetailsAsync(patient, booked.Id);
        Assert.Equal(("confirmed", "cancelled", "patient", "Feeling better"),
            (details.History[^1].FromStatus, details.History[^1].ToStatus, details.History[^1].Actor, details.History[^1].Reason));
        var other = (await app.CreatePatientsAsync(1))[0];
        await other.BookOkAsync(doctor, booked.Start);
        Assert.Equal(AppointmentEventKind.Cancelled, await app.WithDbAsync(db =>
            db.AppointmentEvents.Where(e => e.AppointmentId == booked.Id).OrderByDescending(e => e.Version).Select(e => e.Kind).FirstAsync(Ct)));
    }

    [Fact]
    public async Task Cancel_PatientAfterTheLimit_IsRefusedWithExplanationAndClinicPhone()
    {
        var (doctor, patient, booked) = await BookedAsync(daysAhead: 20);
        SetClockBeforeStart(booked, 23.9);

        var response = await PostAsync(patient, $"/api/v1/appointments/{booked.Id}/cancel", new CancelAppointmentRequest(null));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(doctor.ClinicPhone, problem.Detail, StringComparison.Ordinal);
        Assert.Contains("24 hours", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(doctor.ClinicPhone, problem.Extensions["clinicPhone"]?.ToString());
        Assert.Equal("confirmed", (await DetailsAsync(patient, booked.Id)).Appointment.Status);
    }

    [Fact]
    public async Task Cancel_PatientExactlyAtTheLimit_IsAllowed()
    {
        var (_, patient, booked) = await BookedAsync(daysAhead: 40);
        SetClockBeforeStart(booked, 24);

        var cancelled = await (await PostAsync(patient, $"/api/v1/appointments/{booked.Id}/cancel", new CancelAppointmentRequest(null)))
            .ShouldBeOkJsonAsync<AppointmentView>();

        Assert.Equal("cancelled", cancelled.Status);
        Assert.Equal("cancelled", (await DetailsAsync(patient, booked.Id)).Appointment.Status);
    }

    [Fact]
    public async Task Cancel_ClinicWithLongerLimit_UsesTheClinicSetting()
    {
        var (_, patient, booked) = await BookedAsync(daysAhead: 50, policy: p => p.CancellationLimitHours = 48);
        SetClockBeforeStart(booked, 30);

        var problem = await (await PostAsync(patient, $"/api/v1/appointments/{booked.Id}/cancel", new CancelAppointmentRequest(null)))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("48 hours", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_DoctorAfterThePatientLimit_IsAllowedWithAReasonThatIsKept()
    {
        var (doctor, patient, booked) = await BookedAsync(daysAhead: 60);
        var doctorUser = await app.CreateDoctorUserAsync(doctor);
        SetClockBeforeStart(booked, 1);

        var withoutReason = await PostAsync(doctorUser, $"/api/v1/appointments/{booked.Id}/cancel", new CancelAppointmentRequest(" "));
        var withReason = await PostAsync(doctorUser, $"/api/v1/appointments/{booked.Id}/cancel", new CancelAppointmentRequest("Doctor is ill"));

        Assert.Contains("reason", (await withoutReason.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Equal("cancelled", (await withReason.ShouldBeOkJsonAsync<AppointmentView>()).Status);
        var last = (await DetailsAsync(patient, booked.Id)).History[^1];
        Assert.Equal(("doctor", "Doctor is ill"), (last.Actor, last.Reason));
    }

    [Fact]
    public async Task Cancel_AlreadyCancelled_IsConflict()
    {
        var (_, patient, booked) = await BookedAsync(daysAhead: 4);
        (await PostAsync(patient, $"/api/v1/appointments/{booked.Id}/cancel", new CancelAppointmentRequest(null))).EnsureSuccessStatusCode();

        await (await PostAsync(patient, $"/api/v1/appointments/{booked.Id}/cancel", new CancelAppointmentRequest(null)))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Reschedule_Patient_MovesAtomicallyAndRecordsFromAndTo()
    {
        var (doctor, patient, booked) = await BookedAsync(daysAhead: 5);
        var newStart = app.LocalTimeTomorrow(doctor, 15, daysAhead: 5);

        var moved = await (await PostAsync(patient, $"/api/v1/appointments/{booked.Id}/reschedule", new RescheduleRequest(newStart, null)))
            .ShouldBeOkJsonAsync<AppointmentView>();

        Assert.Equal((newStart, 1, "confirmed"), (moved.Start, moved.RescheduleCount, moved.Status));
        var last = (await DetailsAsync(patient, booked.Id)).History[^1];
        Assert.Equal((booked.Start, newStart), (last.FromStart, last.ToStart));
        var others = await app.CreatePatientsAsync(2);
        await others[0].BookOkAsync(doctor, booked.Start); // the old slot is free again
        await (await others[1].BookAsync(doctor, newStart)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, await app.WithDbAsync(db => db.Appointments.CountAsync(a => a.PatientId == patient.Id, Ct)));
        var lastEvent = await app.WithDbAsync(db => db.AppointmentEvents.Where(e => e.AppointmentId == booked.Id).OrderByDescending(e => e.Version).FirstAsync(Ct));
        Assert.Equal((AppointmentEventKind.Rescheduled, Actor.Patient), (lastEvent.Kind, lastEvent.Actor));
        Assert.Equal(booked.Start, CareSlot.Web.Platform.Time.IsoTime.Format(lastEvent.PreviousStart!.Value, doctor.Zone));
    }

    [Fact]
    public async Task Reschedule_ToATakenSlot_IsConflictAndNothingChanges()
    {
        var (doctor, patient, booked) = await BookedAsync(daysAhead: 6);
        var other = (await app.CreatePatientsAsync(1))[0];
        var taken = await other.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 16, daysAhead: 6));

        await (await PostAsync(patient, $"/api/v1/appointments/{booked.Id}/reschedule", new RescheduleRequest(taken.Start, null)))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var unchanged = (await DetailsAsync(patient, booked.Id)).Appointment;
        Assert.Equal((booked.Start, 0), (unchanged.Start, unchanged.RescheduleCount));
    }

    [Fact]
    public async Task Reschedule_PatientAfterTheLimit_IsRefused()
    {
        var (doctor, patient, booked) = await BookedAsync(daysAhead: 70);
        SetClockBeforeStart(booked, 20);

        var problem = await (await PostAsync(patient, $"/api/v1/appointments/{booked.Id}/reschedule",
                new RescheduleRequest(app.LocalTimeTomorrow(doctor, 9, daysAhead: 3), null)))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(doctor.ClinicPhone, problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reschedule_MoreThanTheClinicAllows_IsRefused()
    {
        var (doctor, patient, booked) = await BookedAsync(daysAhead: 7, policy: p => p.MaxReschedules = 3);
        foreach (var hour in new[] { 11, 12, 13 })
        {
            (await PostAsync(patient, $"/api/v1/appointments/{booked.Id}/reschedule", new RescheduleRequest(app.LocalTimeTomorrow(doctor, hour, daysAhead: 7), null)))
                .EnsureSuccessStatusCode();
        }

        var fourth = await PostAsync(patient, $"/api/v1/appointments/{booked.Id}/reschedule", new RescheduleRequest(app.LocalTimeTomorrow(doctor, 14, daysAhead: 7), null));

        Assert.Contains("3 times", (await fourth.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_DoctorConfirmsCompletesAfterStart_PatientMayNot()
    {
        var (doctor, patient, booked) = await BookedAsync(daysAhead: 8, policy: p => p.AutoConfirm = false);
        var doctorUser = await app.CreateDoctorUserAsync(doctor);
        var url = $"/api/v1/appointments/{booked.Id}/status";

        await (await PostAsync(patient, url, new ChangeStatusRequest("confirmed", null))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("confirmed", (await (await PostAsync(doctorUser, url, new ChangeStatusRequest("confirmed", null))).ShouldBeOkJsonAsync<AppointmentView>()).Status);
        await (await PostAsync(doctorUser, url, new ChangeStatusRequest("completed", null))).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        SetClockBeforeStart(booked, -0.5);
        Assert.Equal("completed", (await (await PostAsync(doctorUser, url, new ChangeStatusRequest("completed", null))).ShouldBeOkJsonAsync<AppointmentView>()).Status);
        await (await PostAsync(doctorUser, url, new ChangeStatusRequest("confirmed", null))).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await PostAsync(doctorUser, url, new ChangeStatusRequest("no-show", null))).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var history = (await DetailsAsync(patient, booked.Id)).History.Select(h => (h.FromStatus, h.ToStatus, h.Actor));
        Assert.Equal([(null, "requested", "patient"), ("requested", "confirmed", "doctor"), ("confirmed", "completed", "doctor")], history);
    }

    [Fact]
    public async Task Status_UnknownStatus_IsValidationProblem()
    {
        var (doctor, _, booked) = await BookedAsync(daysAhead: 9);
        var doctorUser = await app.CreateDoctorUserAsync(doctor);

        var response = await PostAsync(doctorUser, $"/api/v1/appointments/{booked.Id}/status", new ChangeStatusRequest("done", null));

        Assert.Contains("status", (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [Fact]
    public async Task OtherPatientsAppointment_AnswersNotFoundForEveryEntryPoint()
    {
        var (doctor, _, booked) = await BookedAsync(daysAhead: 10);
        var stranger = (await app.CreatePatientsAsync(1))[0];
        var otherDoctor = await app.CreateDoctorUserAsync(await app.CreateBookableDoctorAsync());

        foreach (var user in new[] { stranger, otherDoctor })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync(new Uri($"/api/v1/appointments/{booked.Id}", UriKind.Relative), Ct)).StatusCode);
            await (await PostAsync(user, $"/api/v1/appointments/{booked.Id}/cancel", new CancelAppointmentRequest("x"))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
            await (await PostAsync(user, $"/api/v1/appointments/{booked.Id}/reschedule", new RescheduleRequest(app.LocalTimeTomorrow(doctor, 9, daysAhead: 10), "x")))
                .ShouldBeProblemAsync(HttpStatusCode.NotFound);
            await (await PostAsync(user, $"/api/v1/appointments/{booked.Id}/status", new ChangeStatusRequest("cancelled", "x"))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
            Assert.DoesNotContain(await (await user.Client.GetAsync(new Uri("/api/v1/appointments", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<List<AppointmentView>>(),
                a => a.Id == booked.Id);
        }
    }

    [Fact]
    public async Task PatientData_DoctorWithoutTwoFactor_IsRefused_WithTwoFactor_SeesTheirPatients()
    {
        var (doctor, _, booked) = await BookedAsync(daysAhead: 11);
        var withoutSecondFactor = await app.CreateDoctorUserAsync(doctor, multiFactor: false);
        var adminWithoutSecondFactor = await app.CreateApiUserAsync(Roles.Admin);
        var withSecondFactor = await app.CreateDoctorUserAsync(doctor);

        Assert.Equal(HttpStatusCode.Forbidden, (await withoutSecondFactor.Client.GetAsync(new Uri($"/api/v1/appointments/{booked.Id}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await withoutSecondFactor.Client.GetAsync(new Uri("/api/v1/appointments", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await adminWithoutSecondFactor.Client.GetAsync(new Uri("/api/v1/appointments", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(booked.Reason, (await DetailsAsync(withSecondFactor, booked.Id)).Appointment.Reason);
    }

    [Fact]
    public async Task PatientData_DoctorSignedInWithAuthenticatorCode_ReachesAppointments_PasswordOnlyDoctorDoesNot()
    {
        var (doctor, _, booked) = await BookedAsync(daysAhead: 12);
        var twoFactorEmail = await LinkedDoctorAccountAsync(doctor.DoctorId, twoFactor: true);
        var passwordOnlyEmail = await LinkedDoctorAccountAsync((await app.CreateBookableDoctorAsync()).DoctorId, twoFactor: false);
        var twoFactor = app.CreateBrowserClient();
        await twoFactor.SignInWithTwoFactorAsync(app, twoFactorEmail);
        var passwordOnly = app.CreateBrowserClient();
        Assert.Equal("/account", (await passwordOnly.SignInAsync(passwordOnlyEmail, AccountsTestKit.Password)).Headers.Location?.OriginalString);

        await (await twoFactor.GetAsync(new Uri($"/api/v1/appointments/{booked.Id}", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<AppointmentDetails>();
        Assert.Equal(HttpStatusCode.Forbidden, (await passwordOnly.GetAsync(new Uri("/api/v1/appointments", UriKind.Relative), Ct)).StatusCode);
    }

    private async Task<string> LinkedDoctorAccountAsync(int doctorId, bool twoFactor)
    {
        var email = await app.CreateAccountAsync(Roles.Doctor, twoFactor);
        await app.WithDbAsync(async db =>
        {
            var accountId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct);
            return await db.Doctors.Where(d => d.Id == doctorId).ExecuteUpdateAsync(d => d.SetProperty(x => x.AccountId, accountId), Ct);
        });
        return email;
    }

    [Fact]
    public async Task Admin_WithTwoFactor_MovesAnyAppointmentLate()
    {
        var (doctor, patient, booked) = await BookedAsync(daysAhead: 80);
        var admin = await app.CreateApiUserAsync(Roles.Admin, multiFactor: true);
        SetClockBeforeStart(booked, 2);

        var moved = await (await PostAsync(admin, $"/api/v1/appointments/{booked.Id}/reschedule",
                new RescheduleRequest(app.LocalTimeTomorrow(doctor, 9, daysAhead: 2), "Clinic closed that morning")))
            .ShouldBeOkJsonAsync<AppointmentView>();

        Assert.Equal(0, moved.RescheduleCount); // the patient's own allowance is untouched
        Assert.Equal("admin", (await DetailsAsync(patient, booked.Id)).History[^1].Actor);
    }
}
