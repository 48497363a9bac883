using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Records;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Records;

public sealed class RecordsTestsOnSqlite(SqliteApp app) : RecordsTests(app), IClassFixture<SqliteApp>;

public sealed class RecordsTestsOnPostgres(PostgresApp app) : RecordsTests(app), IClassFixture<PostgresApp>;

/// <summary>Medical history through the API: notes, entries, amendments, the care period, break-glass, export.</summary>
public abstract class RecordsTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(TestDoctor Doctor, ApiUser DoctorUser, ApiUser Patient)> CareAsync()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        return (doctor, await app.CreateDoctorUserAsync(doctor), (await app.CreatePatientsAsync(1))[0]);
    }

    private static async Task<RecordEntryDto[]> HistoryAsync(ApiUser reader, Guid patientId, string? kind = null) =>
        await (await reader.Client.GetAsync(new Uri($"/api/v1/patients/{patientId}/history{(kind is null ? "" : "?kind=" + kind)}", UriKind.Relative), Ct))
            .ShouldBeOkJsonAsync<RecordEntryDto[]>();

    [Fact]
    public async Task WriteNote_AfterTheVisitStarted_PatientReadsEveryField_NewestFirst()
    {
        var (doctor, doctorUser, patient) = await CareAsync();
        var visit = await app.AddVisitAsync(doctor, patient.Id, Duration.FromHours(-3));
        var own = await (await patient.Client.PostAsJsonAsync($"/api/v1/patients/{patient.Id}/history",
            new RecordEntryRequest("patient-reported", "Hay fever", "Every spring"), Ct)).ShouldBeCreatedJsonAsync<RecordEntryDto>();
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        var note = await doctorUser.WriteNoteOkAsync(visit);

        var history = await HistoryAsync(patient, patient.Id);
        Assert.Equal([note.Id, own.Id], history.Select(e => e.Id));
        Assert.Equal(("visit-note", false, "Sore throat for three days", "Viral pharyngitis", "J02.9", "Ibuprofen 400 mg as needed"),
            (history[0].Kind, history[0].PatientReported, history[0].Content.Summary, history[0].Content.Diagnosis, history[0].Content.DiagnosisCode,
                history[0].Content.Prescriptions));
        Assert.Equal(("patient-reported", true), (history[1].Kind, history[1].PatientReported));
        Assert.Equal([own.Id], (await HistoryAsync(patient, patient.Id, "patient-reported")).Select(e => e.Id));
        Assert.Equal("Dr. Test", history[0].Author[..8]);
    }

    [Fact]
    public async Task WriteNote_BeforeTheVisit_Twice_OrWithABadCode_IsRefusedWithTheReason()
    {
        var (doctor, doctorUser, patient) = await CareAsync();
        var future = await app.AddVisitAsync(doctor, patient.Id, Duration.FromDays(2));
        var past = await app.AddVisitAsync(doctor, patient.Id, Duration.FromDays(-2));

        await (await doctorUser.Client.PostAsJsonAsync($"/api/v1/appointments/{future}/note", new VisitNoteRequest("Early", null, null, null, null, null), Ct))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var invalid = await (await doctorUser.Client.PostAsJsonAsync($"/api/v1/appointments/{past}/note",
            new VisitNoteRequest(" ", null, null, "flu", null, null), Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["diagnosisCode", "summary"], invalid.Errors.Keys.Order());
        await doctorUser.WriteNoteOkAsync(past);
        await (await doctorUser.Client.PostAsJsonAsync($"/api/v1/appointments/{past}/note", new VisitNoteRequest("Again", null, null, null, null, null), Ct))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task WriteNote_CompletingTheVisit_MarksItCompleted()
    {
        var (doctor, doctorUser, patient) = await CareAsync();
        var visit = await app.AddVisitAsync(doctor, patient.Id, Duration.FromMinutes(-40));

        await doctorUser.WriteNoteOkAsync(visit, completeVisit: true);

        Assert.Equal(AppointmentStatus.Completed, await app.WithDbAsync(db => db.Appointments.Where(a => a.Id == visit).Select(a => a.Status).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Amend_AddsAVersionWithItsReason_AndEveryEarlierVersionStaysReadable()
    {
        var (doctor, doctorUser, patient) = await CareAsync();
        var note = await doctorUser.WriteNoteOkAsync(await app.AddVisitAsync(doctor, patient.Id, Duration.FromDays(-1)));

        await (await doctorUser.Client.PostAsJsonAsync($"/api/v1/history/{note.Id}/amendments",
            new AmendmentRequest(null, null, "Sore throat", null, null, null, null, null), Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var amended = await (await doctorUser.Client.PostAsJsonAsync($"/api/v1/history/{note.Id}/amendments",
            new AmendmentRequest("Diagnosis code corrected after the lab result", null, "Sore throat for three days", null, "Strep throat", "J02.0", null, null),
            Ct)).ShouldBeCreatedJsonAsync<RecordEntryDto>();

        Assert.Equal(2, amended.Versions);
        var entry = await (await patient.Client.GetAsync(new Uri($"/api/v1/history/{note.Id}", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<RecordEntryDto>();
        Assert.Equal([(2, "J02.0", "Diagnosis code corrected after the lab result"), (1, "J02.9", null)],
            entry.History!.Select(v => (v.Number, v.Content.DiagnosisCode, v.AmendmentReason)));
        Assert.Equal(2, await app.WithDbAsync(db => db.RecordEntryVersions.CountAsync(v => v.EntryId == note.Id, Ct)));
    }

    [Fact]
    public async Task AddEntry_PatientsAreReportedByThemselves_DoctorsAddAllergiesAndConditions()
    {
        var (doctor, doctorUser, patient) = await CareAsync();
        await app.AddVisitAsync(doctor, patient.Id, Duration.FromDays(3));

        var refused = await (await patient.Client.PostAsJsonAsync($"/api/v1/patients/{patient.Id}/history",
            new RecordEntryRequest("allergy", "Penicillin", null), Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("kind", refused.Errors.Keys);
        var untitled = await (await doctorUser.Client.PostAsJsonAsync($"/api/v1/patients/{patient.Id}/history",
            new RecordEntryRequest("allergy", "  ", null), Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("title", untitled.Errors.Keys);
        var allergy = await (await doctorUser.Client.PostAsJsonAsync($"/api/v1/patients/{patient.Id}/history",
            new RecordEntryRequest("allergy", "Penicillin", "Hives within an hour"), Ct)).ShouldBeCreatedJsonAsync<RecordEntryDto>();

        Assert.Equal(("allergy", false, "Penicillin"), (allergy.Kind, allergy.PatientReported, allergy.Content.Title));
        var bad = await (await patient.Client.GetAsync(new Uri($"/api/v1/patients/{patient.Id}/history?kind=gossip", UriKind.Relative), Ct))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("kind", bad.Errors.Keys);
    }

    [Theory]
    [InlineData(-330, true)]
    [InlineData(-380, false)]
    public async Task CareRelationship_LastsTwelveMonthsAfterTheVisit(int daysAgo, bool readable)
    {
        var (doctor, doctorUser, patient) = await CareAsync();
        await app.AddVisitAsync(doctor, patient.Id, Duration.FromDays(daysAgo));

        var response = await doctorUser.Client.GetAsync(new Uri($"/api/v1/patients/{patient.Id}/history", UriKind.Relative), Ct);

        Assert.Equal(readable ? HttpStatusCode.OK : HttpStatusCode.NotFound, response.StatusCode);
        var patients = await (await doctorUser.Client.GetAsync(new Uri("/api/v1/doctors/me/patients", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<CarePatientDto[]>();
        Assert.Equal(readable, patients.Any(p => p.Id == patient.Id));
    }

    [Fact]
    public async Task MyPatients_SearchesByNameWithoutCase()
    {
        var (doctor, doctorUser, patient) = await CareAsync();
        await app.AddVisitAsync(doctor, patient.Id, Duration.FromDays(1));
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == patient.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.FullName, "Zoë Quartermaine"), Ct));

        var found = await (await doctorUser.Client.GetAsync(new Uri("/api/v1/doctors/me/patients?name=QUARTER", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<CarePatientDto[]>();
        var none = await (await doctorUser.Client.GetAsync(new Uri("/api/v1/doctors/me/patients?name=nobody", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<CarePatientDto[]>();

        Assert.Equal(["Zoë Quartermaine"], found.Select(p => p.Name));
        Assert.Empty(none);
    }

    [Fact]
    public async Task BreakGlass_NeedsAReasonAndAPatient_OpensOnePatientForAnHour()
    {
        var (doctor, doctorUser, patient) = await CareAsync();
        await doctorUser.WriteNoteOkAsync(await app.AddVisitAsync(doctor, patient.Id, Duration.FromDays(-1)));
        var other = (await app.CreatePatientsAsync(1))[0];
        var admin = await app.CreateApiUserAsync(Roles.Admin, multiFactor: true);

        var refused = await (await admin.Client.PostAsJsonAsync("/api/v1/admin/break-glass", new BreakGlassRequest("nobody@example.com", "short"), Ct))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["patientEmail", "reason"], refused.Errors.Keys.Order());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.GetAsync(new Uri($"/api/v1/patients/{patient.Id}/history", UriKind.Relative), Ct)).StatusCode);
        await (await admin.Client.PostAsJsonAsync("/api/v1/admin/break-glass",
            new BreakGlassRequest(patient.Email, "Patient unconscious in the emergency room; allergies needed"), Ct)).ShouldBeCreatedJsonAsync<BreakGlassDto>();

        Assert.Single(await HistoryAsync(admin, patient.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.GetAsync(new Uri($"/api/v1/patients/{other.Id}/history", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.PostAsJsonAsync($"/api/v1/patients/{patient.Id}/history",
            new RecordEntryRequest("allergy", "Latex", null), Ct)).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.GetAsync(new Uri($"/api/v1/patients/{patient.Id}/history", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task Export_IsThePatientsWholeRecord_EveryVersion_AsAJsonDownload()
    {
        var (doctor, doctorUser, patient) = await CareAsync();
        var note = await doctorUser.WriteNoteOkAsync(await app.AddVisitAsync(doctor, patient.Id, Duration.FromDays(-1)));
        await (await doctorUser.Client.PostAsJsonAsync($"/api/v1/history/{note.Id}/amendments",
            new AmendmentRequest("Typo", null, "Sore throat for 3 days", null, null, null, null, null), Ct)).ShouldBeCreatedJsonAsync<RecordEntryDto>();

        var response = await patient.Client.GetAsync(new Uri("/api/v1/records/me/export", UriKind.Relative), Ct);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        using var export = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var versions = export.RootElement.GetProperty("entries")[0].GetProperty("versions");
        Assert.Equal(["Sore throat for three days", "Sore throat for 3 days"],
            versions.EnumerateArray().Select(v => v.GetProperty("content").GetProperty("summary").GetString()));
    }

    [Fact]
    public async Task EveryAccess_WritesExactlyOneAuditRow_AndThePatientSeesTheDoctorsRead()
    {
        var (doctor, doctorUser, patient) = await CareAsync();
        var visit = await app.AddVisitAsync(doctor, patient.Id, Duration.FromDays(-1));
        var stranger = await app.CreateDoctorUserAsync(await app.CreateBookableDoctorAsync());
        var admin = await app.CreateApiUserAsync(Roles.Admin, multiFactor: true);
        var seen = 0;
        async Task<AuditEntry> OneNewRowAsync()
        {
            var rows = await app.WithDbAsync(db => db.AuditTrail.Where(a => a.PatientId == patient.Id).OrderBy(a => a.Id).ToListAsync(Ct));
            Assert.Equal(seen + 1, rows.Count);
            seen = rows.Count;
            return rows[^1];
        }

        var note = await doctorUser.WriteNoteOkAsync(visit);
        Assert.Equal((AuditActions.NoteWrite, AuditOutcome.Allowed, doctorUser.Id), ((await OneNewRowAsync()) is var w ? (w.Action, w.Outcome, w.ActorId) : default));
        await HistoryAsync(doctorUser, patient.Id);
        Assert.Equal((AuditActions.HistoryRead, AuditOutcome.Allowed), ((await OneNewRowAsync()) is var r ? (r.Action, r.Outcome) : default));
        await (await doctorUser.Client.GetAsync(new Uri($"/api/v1/history/{note.Id}", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<RecordEntryDto>();
        Assert.Equal($"entry {note.Id}", (await OneNewRowAsync()).Record);
        await (await doctorUser.Client.PostAsJsonAsync($"/api/v1/history/{note.Id}/amendments",
            new AmendmentRequest("Typo", null, "Sore throat", null, null, null, null, null), Ct)).ShouldBeCreatedJsonAsync<RecordEntryDto>();
        Assert.Equal(AuditActions.HistoryAmend, (await OneNewRowAsync()).Action);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync(new Uri($"/api/v1/patients/{patient.Id}/history", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal((AuditActions.HistoryRead, AuditOutcome.Refused, stranger.Id), ((await OneNewRowAsync()) is var x ? (x.Action, x.Outcome, x.ActorId) : default));
        await (await admin.Client.PostAsJsonAsync("/api/v1/admin/break-glass",
            new BreakGlassRequest(patient.Email, "Patient unconscious in the emergency room; allergies needed"), Ct)).ShouldBeCreatedJsonAsync<BreakGlassDto>();
        Assert.Equal(AuditActions.BreakGlassOpen, (await OneNewRowAsync()).Action);
        await HistoryAsync(admin, patient.Id);
        Assert.Equal((AuditActions.HistoryRead, admin.Id), ((await OneNewRowAsync()) is var b ? (b.Action, b.ActorId) : default));

        var log = await patient.Client.GetStringAsync(new Uri("/api/v1/account/access-log", UriKind.Relative), Ct);
        var doctorName = await app.WithDbAsync(db => db.Doctors.Where(d => d.Id == doctor.DoctorId).Select(d => d.Title + " " + d.GivenName + " " + d.FamilyName).SingleAsync(Ct));
        Assert.Contains(doctorName, log, StringComparison.Ordinal);
        Assert.Contains("Read your medical history", log, StringComparison.Ordinal);
        Assert.Contains("An administrator (emergency access)", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_ComesInPagesOfFifty_NewestFirst_AndABadPageIsNamed()
    {
        var (_, _, patient) = await CareAsync();
        for (var i = 0; i < PatientRecords.PageSize + 2; i++)
        {
            await (await patient.Client.PostAsJsonAsync($"/api/v1/patients/{patient.Id}/history",
                new RecordEntryRequest("patient-reported", $"Entry {i}", null), Ct)).ShouldBeCreatedJsonAsync<RecordEntryDto>();
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await HistoryAsync(patient, patient.Id);
        var second = await (await patient.Client.GetAsync(new Uri($"/api/v1/patients/{patient.Id}/history?page=2", UriKind.Relative), Ct))
            .ShouldBeOkJsonAsync<RecordEntryDto[]>();
        var bad = await (await patient.Client.GetAsync(new Uri($"/api/v1/patients/{patient.Id}/history?page=0", UriKind.Relative), Ct))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal((PatientRecords.PageSize, "Entry 51"), (first.Length, first[0].Content.Title));
        Assert.Equal(["Entry 1", "Entry 0"], second.Select(e => e.Content.Title));
        Assert.Contains("page", bad.Errors.Keys);
    }
}
