using System.Net;
using System.Net.Http.Json;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.HelpDesk;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.HelpDesk;

public sealed class SupportOperationsTestsOnSqlite(SqliteApp app) : SupportOperationsTests(app), IClassFixture<SqliteApp>;

public sealed class SupportOperationsTestsOnPostgres(PostgresApp app) : SupportOperationsTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// What support does for the people who ask: look an account up (never its clinical content), send verification again, and
/// book, move or cancel for a patient — with a reason the patient is sent, under the patient's own rules, audited.
/// </summary>
public abstract class SupportOperationsTests(CareSlotApp app)
{
    private const string VisitReason = "Chest pain since Tuesday";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(TestDoctor Doctor, ApiUser Patient, AppointmentView Booked, ApiUser Agent)> BookedAsync(int daysAhead)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var response = await patient.BookAsync(doctor, app.LocalTimeTomorrow(doctor, 10, daysAhead: daysAhead), VisitReason);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        var booked = (await response.Content.ReadFromJsonAsync<AppointmentView>(Ct))!;
        return (doctor, patient, booked, await AgentAsync());
    }

    /// <summary>A support agent in a session with a second factor, by bearer token.</summary>
    private Task<ApiUser> AgentAsync() => app.CreateApiUserAsync(Roles.Support, multiFactor: true);

    /// <summary>Support's rows in the audit trail about <paramref name="record"/>, oldest first.</summary>
    private Task<List<string>> AuditActionsAsync(string record) =>
        app.WithDbAsync(db => db.AuditTrail.AsNoTracking().Where(e => e.Record == record && e.Action.StartsWith("support.")).OrderBy(e => e.Id)
            .Select(e => e.Action).ToListAsync(Ct));

    private Task<(Actor Actor, Guid? By, string? Reason)> LastHistoryAsync(Guid appointmentId) =>
        app.WithDbAsync(db => db.AppointmentHistory.AsNoTracking().Where(h => h.AppointmentId == appointmentId).OrderByDescending(h => h.At).ThenByDescending(h => h.Id)
            .Select(h => new ValueTuple<Actor, Guid?, string?>(h.Actor, h.ByAccountId, h.Reason)).FirstAsync(Ct));

    private Task<List<(NotificationTemplate Template, Actor ChangedBy)>> NoticesAsync(Guid appointmentId) =>
        app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.AppointmentId == appointmentId && m.Channel == NotificationChannel.Email)
            .OrderBy(m => m.Id).Select(m => new ValueTuple<NotificationTemplate, Actor>(m.Template, m.ChangedBy)).ToListAsync(Ct));

    [Fact]
    public async Task Agent_FindsAndLooksUpAPatient_SeesContactAndAppointments_NeverWhyTheyVisit()
    {
        var (doctor, patient, booked, agent) = await BookedAsync(daysAhead: 3);

        var found = await (await agent.Client.GetAsync(new Uri($"/api/v1/support/accounts?q={Uri.EscapeDataString(patient.Email[..20])}", UriKind.Relative), Ct))
            .ShouldBeOkJsonAsync<List<SupportAccountRow>>();
        Assert.Contains(found, row => row.Id == patient.Id && row.IsPatient && row.Verified);

        var response = await agent.Client.GetAsync(new Uri($"/api/v1/support/accounts/{patient.Id}", UriKind.Relative), Ct);
        var json = await response.Content.ReadAsStringAsync(Ct);
        var view = await response.ShouldBeOkJsonAsync<SupportAccountView>();
        Assert.Equal((patient.Email, true, true), (view.Email, view.EmailConfirmed, view.IsPatient));
        var appointment = Assert.Single(view.Upcoming);
        Assert.Equal((booked.Id, doctor.DoctorId, booked.Status), (appointment.Id, appointment.DoctorId, appointment.Status));
        Assert.DoesNotContain(VisitReason, json, StringComparison.Ordinal);

        var browser = (await app.SignInAsync(Caller.Support)).Browser;
        var page = await (await browser.GetAsync(new Uri($"/support/accounts/{patient.Id}", UriKind.Relative), Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains(patient.Email, page, StringComparison.Ordinal);
        Assert.DoesNotContain(VisitReason, page, StringComparison.Ordinal);
        // The visit's own page, with its reason, is clinical content: not support's (the role is refused; records and messages answer 404).
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Client.GetAsync(new Uri($"/api/v1/appointments/{booked.Id}", UriKind.Relative), Ct)).StatusCode);

        Assert.Equal([SupportOperations.LookUpAccount.Name, SupportOperations.LookUpAccount.Name], await AuditActionsAsync($"account {patient.Id:D}"));
    }

    [Fact]
    public async Task Agent_MovesAndCancelsForThePatient_WithAReasonTheyAreSent_AndEachChangeIsAudited()
    {
        var (doctor, patient, booked, agent) = await BookedAsync(daysAhead: 4);
        var agentId = agent.Id;
        var newStart = app.LocalTimeTomorrow(doctor, 11, daysAhead: 4);
        var move = $"/api/v1/support/accounts/{patient.Id}/appointments/{booked.Id}/move";

        var withoutReason = await (await agent.Client.PostAsJsonAsync(move, new { start = newStart, reason = " " }, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["reason"], withoutReason.Errors.Keys);
        var moved = await (await agent.Client.PostAsJsonAsync(move, new { start = newStart, reason = "Patient phoned: the bus is late" }, Ct))
            .ShouldBeOkJsonAsync<SupportAppointmentResult>();
        Assert.Equal(booked.Id, moved.Id);
        Assert.Equal((Actor.Support, (Guid?)agentId, "Patient phoned: the bus is late"), await LastHistoryAsync(booked.Id));

        var cancelled = await (await agent.Client.PostAsJsonAsync($"/api/v1/support/accounts/{patient.Id}/appointments/{booked.Id}/cancel",
            new { reason = "Patient is travelling" }, Ct)).ShouldBeOkJsonAsync<SupportAppointmentResult>();
        Assert.Equal("cancelled", cancelled.Status);
        Assert.Equal((Actor.Support, (Guid?)agentId, "Patient is travelling"), await LastHistoryAsync(booked.Id));

        // The usual messages go out, saying support acted; the doctor is told too.
        var notices = await NoticesAsync(booked.Id);
        Assert.Contains((NotificationTemplate.PatientRescheduled, Actor.Support), notices);
        Assert.Contains((NotificationTemplate.DoctorRescheduled, Actor.Support), notices);
        Assert.Contains((NotificationTemplate.PatientCancelled, Actor.Support), notices);
        Assert.Contains((NotificationTemplate.DoctorCancelled, Actor.Support), notices);
        Assert.Equal([SupportOperations.MoveForPatient.Name, SupportOperations.CancelForPatient.Name], await AuditActionsAsync($"appointment {booked.Id:D}"));
    }

    [Fact]
    public async Task Agent_BooksForAPatient_UnderThePatientsOwnRules()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var agent = await AgentAsync();
        var book = $"/api/v1/support/accounts/{patient.Id}/appointments";
        var start = app.LocalTimeTomorrow(doctor, 9, daysAhead: 5);

        var problem = await (await agent.Client.PostAsJsonAsync(book, new { doctorId = doctor.DoctorId, appointmentTypeId = doctor.TypeId, start }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["reason"], problem.Errors.Keys);
        var response = await agent.Client.PostAsJsonAsync(book,
            new { doctorId = doctor.DoctorId, appointmentTypeId = doctor.TypeId, start, reason = "Patient cannot use the website" }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        var booked = (await response.Content.ReadFromJsonAsync<SupportAppointmentResult>(Ct))!;

        var history = await app.WithDbAsync(db => db.AppointmentHistory.AsNoTracking().Where(h => h.AppointmentId == booked.Id).OrderBy(h => h.At).ThenBy(h => h.Id)
            .Select(h => new { h.Actor, h.Reason }).FirstAsync(Ct));
        Assert.Equal((Actor.Support, "Patient cannot use the website"), (history.Actor, history.Reason));
        Assert.Contains((NotificationTemplate.PatientBooked, Actor.Support), await NoticesAsync(booked.Id));
        Assert.Equal([SupportOperations.BookForPatient.Name], await AuditActionsAsync($"account {patient.Id:D}"));

        // The same time again is taken, for support as for anyone; an unverified patient cannot be booked for either.
        await (await agent.Client.PostAsJsonAsync(book, new { doctorId = doctor.DoctorId, appointmentTypeId = doctor.TypeId, start, reason = "Again" }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var unverified = (await app.CreatePatientsAsync(1))[0];
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == unverified.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.EmailConfirmed, false), Ct));
        await (await agent.Client.PostAsJsonAsync($"/api/v1/support/accounts/{unverified.Id}/appointments",
            new { doctorId = doctor.DoctorId, appointmentTypeId = doctor.TypeId, start = app.LocalTimeTomorrow(doctor, 10, daysAhead: 5), reason = "Asked by phone" }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Agent_IsBoundByThePatientsDeadline()
    {
        var (_, patient, booked, agent) = await BookedAsync(daysAhead: 70);
        var start = NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Parse(booked.Start).Value.ToInstant().ToDateTimeOffset();
        app.Clock.SetUtcNow(start.AddHours(-2));

        var problem = await (await agent.Client.PostAsJsonAsync($"/api/v1/support/accounts/{patient.Id}/appointments/{booked.Id}/cancel",
            new { reason = "Patient is ill" }, Ct)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("call", problem.Detail, StringComparison.Ordinal);
        Assert.Empty(await AuditActionsAsync($"appointment {booked.Id:D}"));
    }

    [Fact]
    public async Task Agent_ReachesOnlyThatPatientsAppointments_AndNeitherStaffNorDoctorsBookings()
    {
        var (doctor, patient, booked, agent) = await BookedAsync(daysAhead: 6);
        var other = (await app.CreatePatientsAsync(1))[0];
        var doctorUser = await app.CreateDoctorUserAsync(doctor);
        var admin = await app.CreateApiUserAsync(Roles.Admin, multiFactor: true);

        // Someone else's appointment under this patient's id: not found, and unchanged.
        await (await agent.Client.PostAsJsonAsync($"/api/v1/support/accounts/{other.Id}/appointments/{booked.Id}/cancel", new { reason = "IDOR" }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(AppointmentStatus.Confirmed, await app.WithDbAsync(db => db.Appointments.Where(a => a.Id == booked.Id).Select(a => a.Status).SingleAsync(Ct)));

        // A doctor can be looked up and helped with verification, not booked for; staff are administrators' to manage.
        var doctorView = await (await agent.Client.GetAsync(new Uri($"/api/v1/support/accounts/{doctorUser.Id}", UriKind.Relative), Ct))
            .ShouldBeOkJsonAsync<SupportAccountView>();
        Assert.True(doctorView.IsDoctor);
        Assert.Contains(doctorView.Upcoming, a => a.Id == booked.Id);
        await (await agent.Client.PostAsJsonAsync($"/api/v1/support/accounts/{doctorUser.Id}/appointments",
            new { doctorId = doctor.DoctorId, appointmentTypeId = doctor.TypeId, start = app.LocalTimeTomorrow(doctor, 12, daysAhead: 6), reason = "x" }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.Client.GetAsync(new Uri($"/api/v1/support/accounts/{admin.Id}", UriKind.Relative), Ct)).StatusCode);
        var staffFound = await (await agent.Client.GetAsync(new Uri($"/api/v1/support/accounts?q={Uri.EscapeDataString(admin.Email)}", UriKind.Relative), Ct))
            .ShouldBeOkJsonAsync<List<SupportAccountRow>>();
        Assert.Empty(staffFound);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.Client.GetAsync(new Uri($"/api/v1/support/accounts/{Guid.NewGuid()}", UriKind.Relative), Ct)).StatusCode);

        // Patients and doctors never reach support's operations.
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync(new Uri($"/api/v1/support/accounts/{patient.Id}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await doctorUser.Client.PostAsJsonAsync($"/api/v1/support/accounts/{patient.Id}/appointments/{booked.Id}/cancel",
            new { reason = "x" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Agent_SendsVerificationAgain_OnlyForWhatIsNotVerified()
    {
        var agent = await AgentAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var resend = $"/api/v1/support/accounts/{patient.Id}/verification";
        await (await agent.Client.PostAsync(new Uri(resend, UriKind.Relative), null, Ct)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        await app.WithDbAsync(db => db.Users.Where(u => u.Id == patient.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.EmailConfirmed, false), Ct));
        var sent = await (await agent.Client.PostAsync(new Uri(resend, UriKind.Relative), null, Ct)).ShouldBeOkJsonAsync<VerificationResent>();
        Assert.Equal(new VerificationResent(Email: true, Sms: false), sent);
        Assert.Equal(1, await app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Template == NotificationTemplate.AccountEmailVerification
            && m.Address == patient.Email, Ct)));
        Assert.Equal([SupportOperations.ResendVerification.Name], (await AuditActionsAsync($"account {patient.Id:D}")).Where(a => a != SupportOperations.LookUpAccount.Name));
    }

    [Fact]
    public async Task HostileInput_IsA400NamingTheField()
    {
        var (_, patient, booked, agent) = await BookedAsync(daysAhead: 7);
        foreach (var q in new[] { "a", "bad\u0001name", new string('x', 201) })
        {
            var problem = await (await agent.Client.GetAsync(new Uri($"/api/v1/support/accounts?q={Uri.EscapeDataString(q)}", UriKind.Relative), Ct))
                .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            Assert.Equal(["q"], problem.Errors.Keys);
        }
        foreach (var reason in new[] { new string('r', 1001), "bell\u0007" })
        {
            var problem = await (await agent.Client.PostAsJsonAsync($"/api/v1/support/accounts/{patient.Id}/appointments/{booked.Id}/cancel", new { reason }, Ct))
                .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            Assert.Equal(["reason"], problem.Errors.Keys);
        }
        var start = await (await agent.Client.PostAsJsonAsync($"/api/v1/support/accounts/{patient.Id}/appointments/{booked.Id}/move",
            new { start = "99999-01-01T00:00:00Z", reason = "x" }, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["start"], start.Errors.Keys);
    }

    [Fact]
    public async Task Agent_CancelsThroughThePage_TheReasonsErrorNextToItsField()
    {
        var (_, patient, booked, _) = await BookedAsync(daysAhead: 8);
        var agent = await app.SignInAsync(Caller.Support);
        var url = $"/support/accounts/{patient.Id}";
        var form = $"#cancel-{booked.Id:N}";

        var refused = await agent.Browser.SubmitFormAsync(url, new Dictionary<string, string> { ["reason"] = "" }, formSelector: form);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await refused.ReadHtmlAsync();
        Assert.NotNull(page.QuerySelector($"#cancel-reason-{booked.Id:N}-error"));

        var done = await agent.Browser.SubmitFormAsync(url, new Dictionary<string, string> { ["reason"] = "Patient asked by phone" }, formSelector: form);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(AppointmentStatus.Cancelled, await app.WithDbAsync(db => db.Appointments.Where(a => a.Id == booked.Id).Select(a => a.Status).SingleAsync(Ct)));
    }
}
