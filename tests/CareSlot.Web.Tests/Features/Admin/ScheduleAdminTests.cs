using System.Net;
using System.Text.Json.Nodes;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Admin.Schedule;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Admin;

public sealed class ScheduleAdminTestsOnSqlite(SqliteApp app) : ScheduleAdminTests(app), IClassFixture<SqliteApp>;

public sealed class ScheduleAdminTestsOnPostgres(PostgresApp app) : ScheduleAdminTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Administrators oversee every appointment (filters, keyset pages), cancel or move one on behalf of either side, and handle a
/// doctor's absence with bulk moves — through the appointments' own write path: messages in the outbox, audit rows, 409 on a
/// taken time.
/// </summary>
public abstract class ScheduleAdminTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Instant Now => Instant.FromDateTimeOffset(app.Clock.GetUtcNow());

    private static Instant At(TestDoctor doctor, Instant now, int daysAhead, int hour, int minute = 0) =>
        now.InZone(doctor.Zone).Date.PlusDays(daysAhead).At(new LocalTime(hour, minute)).InZoneStrictly(doctor.Zone).ToInstant();

    /// <summary>An appointment written straight through the model (with its messages), past the patient caps the API keeps.</summary>
    private async Task<Guid> BookDirectAsync(TestDoctor doctor, Guid patientId, Instant start, bool autoConfirm = true)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
        var type = await db.AppointmentTypes.AsNoTracking().SingleAsync(t => t.Id == doctor.TypeId, Ct);
        var appointment = Appointment.Book(doctor.DoctorId, doctor.ClinicId, type, patientId, start, "", autoConfirm, Now);
        db.Appointments.Add(appointment);
        await scope.ServiceProvider.GetRequiredService<AppointmentOutbox>().QueueAsync(db, Ct);
        await db.SaveChangesAsync(Ct);
        return appointment.Id;
    }

    /// <summary>A colleague of <paramref name="doctor"/>: listed at the same clinic, a specialty in common, hours 08:00–18:00 every day, a 30-minute type.</summary>
    private Task<TestDoctor> CreateColleagueAsync(TestDoctor doctor) => app.WithDbAsync(async db =>
    {
        var clinic = await db.Clinics.SingleAsync(c => c.Id == doctor.ClinicId, Ct);
        var first = await db.Doctors.Include(d => d.Specialties).SingleAsync(d => d.Id == doctor.DoctorId, Ct);
        var specialty = first.Specialties.FirstOrDefault();
        if (specialty is null)
        {
            specialty = new Specialty($"test-{Guid.NewGuid():N}", $"Test specialty {Guid.NewGuid():N}");
            first.Specialties.Add(specialty);
        }
        var colleague = new Doctor("Dr.", "Colleague", $"Of{doctor.DoctorId}", "", ["en"], acceptingNewPatients: true, isListed: true);
        colleague.Clinics.Add(clinic);
        colleague.Specialties.Add(specialty);
        colleague.RefreshSearchKey();
        db.Doctors.Add(colleague);
        await db.SaveChangesAsync(Ct);
        foreach (var day in Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None))
        {
            db.WeeklyHours.Add(new WeeklyHours(colleague.Id, clinic.Id, WeeklyHoursKind.Working, day, new LocalTime(8, 0), new LocalTime(18, 0)));
        }
        var type = new AppointmentType(colleague.Id, "Colleague consultation", 30, 0, VisitMode.InPerson, true, true);
        db.AppointmentTypes.Add(type);
        var rules = new BookingRules(colleague.Id);
        rules.Change(0, BookingRules.DefaultHorizonDays);
        db.BookingRules.Add(rules);
        await db.SaveChangesAsync(Ct);
        return new TestDoctor(colleague.Id, clinic.Id, type.Id, doctor.Zone, doctor.ClinicPhone);
    });

    private Task<bool> HasMessageAsync(Guid appointmentId, NotificationTemplate template) =>
        app.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.AppointmentId == appointmentId && m.Template == template, Ct));

    private Task<bool> HasAuditRowAsync(string action, Guid appointmentId) =>
        app.WithDbAsync(db => db.AuditTrail.AnyAsync(e => e.Action == action && e.Record!.StartsWith($"appointment {appointmentId:D}"), Ct));

    private static List<Guid> Ids(JsonObject page) => [.. page["appointments"]!.AsArray().Select(a => a!["id"]!.GetValue<Guid>())];

    private static async Task<JsonObject> ListAsync(HttpClient admin, string query) =>
        await (await admin.GetAsync(new Uri("/api/v1/admin/appointments?" + query, UriKind.Relative), Ct)).ShouldBeOkJsonAsync<JsonObject>();

    [Fact]
    public async Task List_ByClinicDoctorPatientStatusAndLocalDates_FindsOnlyTheMatches()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var token = $"Ov{Guid.NewGuid():N}"[..12];
        var ada = await app.CreateAccountAsync($"Ada {token}");
        var bob = await app.CreateAccountAsync($"Bob {token}");
        // Auckland's dates run 13 hours ahead of UTC: a visit at 08:00 there is the day before in UTC.
        var berlin = await app.CreateBookableDoctorAsync();
        var auckland = await app.CreateBookableDoctorAsync("Pacific/Auckland");
        var now = Now;
        var adaBerlin = await BookDirectAsync(berlin, ada.Id, At(berlin, now, 2, 9));
        var adaAuckland = await BookDirectAsync(auckland, ada.Id, At(auckland, now, 3, 8));
        var bobBerlin = await BookDirectAsync(berlin, bob.Id, At(berlin, now, 3, 9), autoConfirm: false);

        Assert.Equal([adaBerlin, adaAuckland, bobBerlin], Ids(await ListAsync(admin.Bearer, $"patient={token}")));
        Assert.Equal([adaBerlin, bobBerlin], Ids(await ListAsync(admin.Bearer, $"patient={token}&clinic={berlin.ClinicId}")));
        Assert.Equal([adaAuckland], Ids(await ListAsync(admin.Bearer, $"patient={token}&doctor={auckland.DoctorId}")));
        Assert.Equal([adaBerlin, adaAuckland], Ids(await ListAsync(admin.Bearer, "patient=" + Uri.EscapeDataString(ada.Email!.ToUpperInvariant()))));
        Assert.Equal([bobBerlin], Ids(await ListAsync(admin.Bearer, $"patient={token}&status=requested")));
        var day3Berlin = now.InZone(berlin.Zone).Date.PlusDays(3).ToString("uuuu-MM-dd", null);
        var day3Auckland = now.InZone(auckland.Zone).Date.PlusDays(3).ToString("uuuu-MM-dd", null);
        Assert.Equal([bobBerlin], Ids(await ListAsync(admin.Bearer, $"patient={token}&from={day3Berlin}&to={day3Berlin}&clinic={berlin.ClinicId}")));
        // One date range, each visit judged by its own clinic's calendar.
        Assert.Contains(adaAuckland, Ids(await ListAsync(admin.Bearer, $"patient={token}&from={day3Auckland}&to={day3Auckland}")));
        Assert.DoesNotContain(adaBerlin, Ids(await ListAsync(admin.Bearer, $"patient={token}&from={day3Berlin}")));

        var json = (await ListAsync(admin.Bearer, $"patient={token}")).ToJsonString();
        Assert.DoesNotContain("reason", json, StringComparison.OrdinalIgnoreCase);
        var page = await (await admin.Browser.GetAsync(new Uri($"/admin/appointments?patient={token}&clinic={berlin.ClinicId}", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal(2, page.QuerySelectorAll("table tbody tr").Length);
    }

    [Fact]
    public async Task List_KeysetPagesAcrossEqualStarts_NeitherSkipNorRepeat_BothWays()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var token = $"Ks{Guid.NewGuid():N}"[..12];
        var now = Now;
        var expected = new List<(Instant Start, Guid Id)>();
        // Three doctors at the same twenty-one times: 63 rows, most sharing their start with two others.
        for (var d = 0; d < 3; d++)
        {
            var doctor = await app.CreateBookableDoctorAsync();
            var patient = await app.CreateAccountAsync($"Pat {token} {d}");
            for (var slot = 0; slot < 21; slot++)
            {
                var start = At(doctor, now, 2, 8) + Duration.FromMinutes(30 * slot);
                expected.Add((start, await BookDirectAsync(doctor, patient.Id, start)));
            }
        }
        var order = expected.OrderBy(e => e.Start).ThenBy(e => e.Id.ToString("D"), StringComparer.Ordinal).Select(e => e.Id).ToList();

        var forward = new List<List<Guid>>();
        string? cursor = null;
        do
        {
            var page = await ListAsync(admin.Bearer, $"patient={token}" + (cursor is null ? "" : "&cursor=" + cursor));
            forward.Add(Ids(page));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        Assert.Equal([50, 13], forward.Select(p => p.Count));
        Assert.Equal(order, forward.SelectMany(p => p));

        var last = await ListAsync(admin.Bearer, $"patient={token}&cursor=" + (await ListAsync(admin.Bearer, $"patient={token}"))["nextCursor"]!.GetValue<string>());
        var back = await ListAsync(admin.Bearer, $"patient={token}&cursor=" + last["previousCursor"]!.GetValue<string>());
        Assert.Equal(order[..50], Ids(back));
        Assert.Null(back["previousCursor"]);
    }

    [Fact]
    public async Task List_WrongFilters_Are400NamingEachField()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var problem = await (await admin.Bearer.GetAsync(new Uri("/api/v1/admin/appointments?clinic=x&doctor=-1&status=asleep&from=2026-13-01&to=0001-01-01&cursor=zzz",
            UriKind.Relative), Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["clinic", "cursor", "doctor", "from", "status", "to"], problem.Errors.Keys.Order());
        var response = await admin.Browser.GetAsync(new Uri("/admin/appointments?status=asleep", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadHtmlAsync()).QuerySelector("#status-error"));
    }

    [Fact]
    public async Task Cancel_OnBehalfOfThePatient_TellsBothSidesAndIsAudited()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var doctor = await app.CreateBookableDoctorAsync(policy: p => p.CancellationLimitHours = 72);
        var patient = (await app.CreatePatientsAsync(1))[0];
        // Inside the patient's own limit: the patient could not cancel online any more, an administrator can.
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10));

        var cancelled = await admin.Bearer.PostJsonAsync($"/api/v1/admin/appointments/{booked.Id}/cancel",
            new { onBehalfOf = "patient", reason = "The patient called: they are in hospital." });

        Assert.Equal("cancelled", (await cancelled.ShouldBeOkJsonAsync<JsonObject>())["status"]!.GetValue<string>());
        Assert.True(await HasMessageAsync(booked.Id, NotificationTemplate.PatientCancelled));
        Assert.True(await HasMessageAsync(booked.Id, NotificationTemplate.DoctorCancelled));
        Assert.True(await HasAuditRowAsync(AuditActions.AppointmentCancelledByAdmin, booked.Id));
        var history = (await (await admin.Bearer.GetAsync(new Uri($"/api/v1/admin/appointments/{booked.Id}", UriKind.Relative), Ct))
            .ShouldBeOkJsonAsync<JsonObject>())["history"]!.AsArray();
        Assert.Equal("admin", history[^1]!["actor"]!.GetValue<string>());
        Assert.Equal("The patient called: they are in hospital.", history[^1]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Move_ToATakenTime_Is409_ToAFreeOneOrAColleague_MovesTellsAndAudits()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var doctor = await app.CreateBookableDoctorAsync();
        await app.CreateDoctorUserAsync(doctor);
        var colleague = await CreateColleagueAsync(doctor);
        var patients = await app.CreatePatientsAsync(2);
        var first = await patients[0].BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10));
        var second = await patients[1].BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 11));

        var taken = await admin.Bearer.PostJsonAsync($"/api/v1/admin/appointments/{first.Id}/move",
            new { onBehalfOf = "doctor", start = app.LocalTimeTomorrow(doctor, 11), reason = "The doctor is in surgery." });
        await taken.ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var slots = await (await admin.Bearer.GetAsync(new Uri($"/api/v1/admin/appointments/{first.Id}/free-slots", UriKind.Relative), Ct))
            .ShouldBeOkJsonAsync<JsonArray>();
        Assert.Contains(slots, s => s!["doctorId"]!.GetValue<int>() == colleague.DoctorId && s["colleague"]!.GetValue<bool>());
        Assert.DoesNotContain(slots, s => s!["doctorId"]!.GetValue<int>() == doctor.DoctorId && s["start"]!.GetValue<string>() == app.LocalTimeTomorrow(doctor, 11));

        var moved = await admin.Bearer.PostJsonAsync($"/api/v1/admin/appointments/{first.Id}/move",
            new { onBehalfOf = "doctor", start = app.LocalTimeTomorrow(doctor, 14), reason = "The doctor is in surgery." });
        Assert.Equal(doctor.DoctorId, (await moved.ShouldBeOkJsonAsync<JsonObject>())["doctorId"]!.GetValue<int>());
        Assert.True(await HasMessageAsync(first.Id, NotificationTemplate.PatientRescheduled));
        Assert.True(await HasAuditRowAsync(AuditActions.AppointmentMovedByAdmin, first.Id));

        var handedOver = await admin.Bearer.PostJsonAsync($"/api/v1/admin/appointments/{second.Id}/move",
            new { onBehalfOf = "doctor", appointmentTypeId = colleague.TypeId, start = app.LocalTimeTomorrow(doctor, 11), reason = "The doctor is ill." });
        Assert.Equal(colleague.DoctorId, (await handedOver.ShouldBeOkJsonAsync<JsonObject>())["doctorId"]!.GetValue<int>());
        Assert.True(await HasMessageAsync(second.Id, NotificationTemplate.PatientRescheduled));
        // The doctor who gave the visit up is told; the visit's own notice goes to the colleague who has it now.
        Assert.True(await app.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Template == NotificationTemplate.DoctorHandedOver
            && m.Key.StartsWith($"handover:{second.Id:N}:"), Ct)));

        // A type of another doctor who is no colleague (another clinic) is refused, naming the field.
        var stranger = await app.CreateBookableDoctorAsync();
        var refused = await admin.Bearer.PostJsonAsync($"/api/v1/admin/appointments/{first.Id}/move",
            new { onBehalfOf = "doctor", appointmentTypeId = stranger.TypeId, start = app.LocalTimeTomorrow(doctor, 15), reason = "x" });
        Assert.Contains("appointmentTypeId", (await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [Fact]
    public async Task Actions_WrongInput_Are400NamingEachField()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var id = Guid.NewGuid();
        var cancel = await (await admin.Bearer.PostJsonAsync($"/api/v1/admin/appointments/{id}/cancel", new { onBehalfOf = "neighbour", reason = " " }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["onBehalfOf", "reason"], cancel.Errors.Keys.Order());
        var move = await (await admin.Bearer.PostJsonAsync($"/api/v1/admin/appointments/{id}/move", new { onBehalfOf = "patient", start = "9999-99-99", reason = new string('x', 1001) }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["reason", "start"], move.Errors.Keys.Order());
        var absence = await (await admin.Bearer.PostJsonAsync("/api/v1/admin/doctors/1/absence", new { from = "2026-12-10", to = "2026-12-01", reason = "" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["reason", "to"], absence.Errors.Keys.Order());
        var resolve = await (await admin.Bearer.PostJsonAsync("/api/v1/admin/doctors/1/absence/resolve", new { action = "teleport", appointmentIds = Array.Empty<Guid>(), reason = "ok" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["action", "appointmentIds"], resolve.Errors.Keys.Order());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Bearer.PostJsonAsync($"/api/v1/admin/appointments/{id}/cancel", new { onBehalfOf = "patient", reason = "r" })).StatusCode);
    }

    [Fact]
    public async Task Absence_BulkMovesToOwnSlotAndColleague_CancelsOne_AndOneThatCannotMoveStaysListed()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var doctor = await app.CreateBookableDoctorAsync();
        var colleague = await CreateColleagueAsync(doctor);
        var patients = await app.CreatePatientsAsync(4);
        var now = Now;
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++) ids.Add(await BookDirectAsync(doctor, patients[i].Id, At(doctor, now, 2, 10 + i)));
        var day = now.InZone(doctor.Zone).Date.PlusDays(2).ToString("uuuu-MM-dd", null);

        var recorded = await (await admin.Bearer.PostJsonAsync($"/api/v1/admin/doctors/{doctor.DoctorId}/absence",
            new { from = day, to = day, reason = "Ill" })).ShouldBeOkJsonAsync<JsonObject>();
        Assert.Equal(ids, recorded["affected"]!.AsArray().Select(a => a!["id"]!.GetValue<Guid>()));
        Assert.True(await app.WithDbAsync(db => db.AuditTrail.AnyAsync(e => e.Action == AuditActions.DoctorAbsenceRecorded
            && e.Record!.StartsWith($"doctor {doctor.DoctorId} "), Ct)));
        // New bookings stop at once.
        var late = await patients[0].BookAsync(doctor, IsoTimeOf(doctor, At(doctor, now, 2, 16)));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);

        async Task<JsonObject> ResolveAsync(string action, Guid id)
        {
            var rows = await (await admin.Bearer.PostJsonAsync($"/api/v1/admin/doctors/{doctor.DoctorId}/absence/resolve",
                new { action, appointmentIds = new[] { id }, reason = "Your doctor is ill; we are sorry." })).ShouldBeOkJsonAsync<JsonArray>();
            return rows.Single()!.AsObject();
        }

        var own = await ResolveAsync("own-slot", ids[0]);
        Assert.Equal("moved", own["outcome"]!.GetValue<string>());
        Assert.Equal(IsoTimeOf(doctor, At(doctor, now, 3, 8)), own["start"]!.GetValue<string>());
        var toColleague = await ResolveAsync("colleague", ids[1]);
        Assert.Equal("moved", toColleague["outcome"]!.GetValue<string>());
        Assert.Equal(colleague.DoctorId, toColleague["doctorId"]!.GetValue<int>());
        Assert.Equal(IsoTimeOf(doctor, At(doctor, now, 2, 11)), toColleague["start"]!.GetValue<string>());
        Assert.Equal("cancelled", (await ResolveAsync("cancel", ids[2]))["outcome"]!.GetValue<string>());

        // The colleague is away for longer than any search looks ahead: the last one cannot move, and stays booked and listed.
        var colleagueDays = new { from = now.InZone(doctor.Zone).Date.ToString("uuuu-MM-dd", null), to = now.InZone(doctor.Zone).Date.PlusDays(80).ToString("uuuu-MM-dd", null), reason = "Sabbatical" };
        (await admin.Bearer.PostJsonAsync($"/api/v1/admin/doctors/{colleague.DoctorId}/absence", colleagueDays)).EnsureSuccessStatusCode();
        var stuck = await ResolveAsync("colleague", ids[3]);
        Assert.Equal("not-moved", stuck["outcome"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(stuck["problem"]!.GetValue<string>()));

        var left = await (await admin.Bearer.GetAsync(new Uri($"/api/v1/admin/doctors/{doctor.DoctorId}/absence", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<JsonObject>();
        Assert.Equal([ids[3]], left["affected"]!.AsArray().Select(a => a!["id"]!.GetValue<Guid>()));
        Assert.True(await HasMessageAsync(ids[0], NotificationTemplate.PatientRescheduled));
        Assert.True(await HasMessageAsync(ids[1], NotificationTemplate.PatientRescheduled));
        Assert.True(await HasMessageAsync(ids[2], NotificationTemplate.PatientCancelled));
        Assert.False(await HasMessageAsync(ids[3], NotificationTemplate.PatientRescheduled));
        Assert.True(await HasAuditRowAsync(AuditActions.AppointmentMovedByAdmin, ids[1]));
        Assert.True(await HasAuditRowAsync(AuditActions.AppointmentCancelledByAdmin, ids[2]));
        var statuses = await app.WithDbAsync(db => db.Appointments.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => (a.Status, a.DoctorId), Ct));
        Assert.Equal((AppointmentStatus.Confirmed, colleague.DoctorId), statuses[ids[1]]);
        Assert.Equal(AppointmentStatus.Confirmed, statuses[ids[3]].Status);
    }

    [Fact]
    public async Task Absence_MarkedByTheDoctorThemselves_OnTheirPage_MovesAndCancelsTheirPatients()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var colleague = await CreateColleagueAsync(doctor);
        var email = await app.CreateAccountAsync(Roles.Doctor, twoFactor: true);
        await app.LinkDoctorAsync(email, doctor.DoctorId);
        var browser = app.CreateBrowserClient();
        await browser.SignInWithTwoFactorAsync(app, email);
        var patients = await app.CreatePatientsAsync(3);
        var now = Now;
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add(await BookDirectAsync(doctor, patients[i].Id, At(doctor, now, 2, 10 + i)));
        var day = now.InZone(doctor.Zone).Date.PlusDays(2).ToString("uuuu-MM-dd", null);
        const string Page = "/account/schedule/absence";

        var schedule = await (await browser.GetAsync(new Uri("/account/schedule", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.NotNull(schedule.QuerySelector($"#time-off a[href='{Page}']"));
        var marked = await browser.SubmitFormAsync(Page, new Dictionary<string, string>
        {
            ["Days.From"] = day, ["Days.To"] = day, ["Days.Reason"] = "Ill", ["Days.Confirm"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        Assert.Equal(Page, marked.Headers.Location?.OriginalString);
        var listed = await (await browser.GetAsync(new Uri(Page, UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal(ids, listed.QuerySelectorAll("input[name='Bulk.AppointmentIds']").Select(i => Guid.Parse(i.GetAttribute("value")!)));
        Assert.All(listed.QuerySelectorAll("#affected-heading ~ form th a"), a => Assert.StartsWith("/appointments/", a.GetAttribute("href"), StringComparison.Ordinal));
        Assert.True(await app.WithDbAsync(db => db.AuditTrail.AnyAsync(e => e.Action == AuditActions.DoctorAbsenceRecorded
            && e.Record!.StartsWith($"doctor {doctor.DoctorId} "), Ct)));

        async Task<string> ResolveAsync(string action, Guid id)
        {
            var response = await browser.SubmitFormAsync(Page, new Dictionary<string, string>
            {
                ["Bulk.Action"] = action, ["Bulk.AppointmentIds"] = id.ToString(), ["Bulk.Reason"] = "I am ill; sorry.", ["Bulk.Confirm"] = "true",
            }, formSelector: "main form[action*='handler=Resolve']");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.ReadHtmlAsync()).QuerySelector("#results-caption")!.ParentElement!.TextContent;
        }

        Assert.Contains("Moved to", await ResolveAsync(DoctorAbsence.OwnSlot, ids[0]), StringComparison.Ordinal);
        await ResolveAsync(DoctorAbsence.Colleague, ids[1]);
        await ResolveAsync(DoctorAbsence.Cancel, ids[2]);

        var after = await app.WithDbAsync(db => db.Appointments.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => (a.Status, a.DoctorId, a.Start), Ct));
        Assert.Equal((AppointmentStatus.Confirmed, doctor.DoctorId, At(doctor, now, 3, 8)), after[ids[0]]);
        Assert.Equal((AppointmentStatus.Confirmed, colleague.DoctorId), (after[ids[1]].Status, after[ids[1]].DoctorId));
        Assert.Equal(AppointmentStatus.Cancelled, after[ids[2]].Status);
        Assert.True(await HasMessageAsync(ids[0], NotificationTemplate.PatientRescheduled));
        Assert.True(await HasMessageAsync(ids[1], NotificationTemplate.PatientRescheduled));
        Assert.True(await HasMessageAsync(ids[2], NotificationTemplate.PatientCancelled));
        // The doctor's own changes, as when they move a visit from its page: no administrator acted.
        Assert.False(await HasAuditRowAsync(AuditActions.AppointmentMovedByAdmin, ids[1]));
        Assert.False(await HasAuditRowAsync(AuditActions.AppointmentCancelledByAdmin, ids[2]));
        var history = await app.WithDbAsync(db => db.Appointments.Where(a => a.Id == ids[1]).SelectMany(a => a.History).OrderBy(h => h.At).Select(h => h.Actor).ToListAsync(Ct));
        Assert.Equal(Actor.Doctor, history[^1]);

        // Another doctor's page is their own: the first doctor's appointments are not among theirs, and posting one changes nothing.
        var other = await app.SignInAsync(Caller.DoctorWithSecondFactor);
        var theirs = await (await other.Browser.GetAsync(new Uri(Page, UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Empty(theirs.QuerySelectorAll("input[name='Bulk.AppointmentIds']"));
        var foreign = await other.Browser.PostPageAsync($"{Page}?handler=Resolve", new Dictionary<string, string>
        {
            ["Bulk.Action"] = DoctorAbsence.Cancel, ["Bulk.AppointmentIds"] = ids[0].ToString(), ["Bulk.Reason"] = "x", ["Bulk.Confirm"] = "true",
        });
        Assert.Contains("not among", (await foreign.ReadHtmlAsync()).QuerySelector("#results-caption")!.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Equal(AppointmentStatus.Confirmed, await app.WithDbAsync(db => db.Appointments.Where(a => a.Id == ids[0]).Select(a => a.Status).SingleAsync(Ct)));
    }

    private static string IsoTimeOf(TestDoctor doctor, Instant instant) => CareSlot.Web.Platform.Time.IsoTime.Format(instant, doctor.Zone);
}
