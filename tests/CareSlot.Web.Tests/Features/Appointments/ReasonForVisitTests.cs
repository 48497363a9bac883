using System.Net;
using System.Net.Http.Json;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using CareSlot.Web.Tests.Platform.Security.Audit;
using CareSlot.Web.Tests.Platform.Security.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Features.Appointments;

public sealed class ReasonForVisitTestsOnSqlite(SqliteApp app) : ReasonForVisitTests(app), IClassFixture<SqliteApp>;

public sealed class ReasonForVisitTestsOnPostgres(PostgresApp app) : ReasonForVisitTests(app), IClassFixture<PostgresApp>;

/// <summary>The reason for a visit is sealed at rest and shown to its patient and its doctor only, one appointment at a time.</summary>
public abstract class ReasonForVisitTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<AppointmentView> DetailsAsync(ApiUser user, Guid id) =>
        (await user.Client.GetFromJsonAsync<AppointmentDetails>(new Uri($"/api/v1/appointments/{id}", UriKind.Relative), Ct))!.Appointment;

    [Fact]
    public async Task Booking_StoresTheReasonSealedForItsRowAndColumn()
    {
        var (patient, id, _) = (await app.BookReasonsAsync("Pain: left knee"))[0];

        var stored = await app.WithDbAsync(db => db.Appointments.Where(a => a.Id == id).Select(a => a.Reason).SingleAsync(Ct));

        Assert.StartsWith($"phi1:{CareSlotApp.TestKeyId}:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("knee", stored, StringComparison.Ordinal);
        Assert.Equal("Pain: left knee", app.Services.GetRequiredService<FieldProtector>().Open(stored, id, "Reason"));
        Assert.Equal("Pain: left knee", (await DetailsAsync(patient, id)).Reason);
    }

    /// <summary>The reason's audit row travels with the booking's locks (AppointmentLocks.Audit): it commits with the booking, and only then.</summary>
    [Fact]
    public async Task Booking_WritesOneAuditRowForTheReason_AndARefusedBookingNone()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patients = await app.CreatePatientsAsync(2);
        var start = app.LocalTimeTomorrow(doctor, 11);
        var before = await app.AuditHeadAsync();

        var booked = await patients[0].BookOkAsync(doctor, start);
        await (await patients[1].BookAsync(doctor, start)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var row = Assert.Single(await app.AuditRowsAfterAsync(before));
        Assert.Equal((AuditActions.ReasonWrite, AuditOutcome.Allowed, patients[0].Id, patients[0].Id, $"appointment {booked.Id}"),
            (row.Action, row.Outcome, row.ActorId, row.PatientId, row.Record));
        var (exitCode, output) = await app.VerifyAuditAsync();
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task Reason_IsShownToThePatientAndTheirDoctor_WithheldFromAdministrators_AndNeverInLists()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var booked = await (await patient.BookAsync(doctor, app.LocalTimeTomorrow(doctor, 11), "Dizzy spells")).Content.ReadFromJsonAsync<AppointmentView>(Ct);
        var ownDoctor = await app.CreateDoctorUserAsync(doctor);
        var admin = await app.CreateApiUserAsync(Roles.Admin, multiFactor: true);

        Assert.Equal("Dizzy spells", booked!.Reason);
        Assert.Equal("Dizzy spells", (await DetailsAsync(patient, booked.Id)).Reason);
        Assert.Equal("Dizzy spells", (await DetailsAsync(ownDoctor, booked.Id)).Reason);
        Assert.Null((await DetailsAsync(admin, booked.Id)).Reason);
        var list = await patient.Client.GetFromJsonAsync<List<AppointmentView>>(new Uri("/api/v1/appointments", UriKind.Relative), Ct);
        Assert.Null(Assert.Single(list!, a => a.Id == booked.Id).Reason);
        var doctorsList = await ownDoctor.Client.GetFromJsonAsync<List<AppointmentView>>(new Uri("/api/v1/appointments", UriKind.Relative), Ct);
        Assert.All(doctorsList!, a => Assert.Null(a.Reason));
    }

    [Fact]
    public async Task DetailsPage_ShowsTheReasonToThePatient_AndTellsAnAdministratorItIsWithheld()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = await app.SignInAsync(Caller.Patient);
        var booked = await (await patient.Bearer.PostAsJsonAsync("/api/v1/appointments",
            new BookAppointmentRequest(doctor.DoctorId, doctor.TypeId, app.LocalTimeTomorrow(doctor, 12), "Sore throat"), Ct)).Content.ReadFromJsonAsync<AppointmentView>(Ct);
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);

        var patientsPage = await (await patient.Browser.GetAsync(new Uri($"/appointments/{booked!.Id}", UriKind.Relative), Ct)).Content.ReadAsStringAsync(Ct);
        var adminsPage = await (await admin.Browser.GetAsync(new Uri($"/appointments/{booked.Id}", UriKind.Relative), Ct)).Content.ReadAsStringAsync(Ct);

        Assert.Contains("Sore throat", patientsPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Sore throat", adminsPage, StringComparison.Ordinal);
        Assert.Contains("Withheld: administrators do not see clinical details.", adminsPage, StringComparison.Ordinal);
    }
}
