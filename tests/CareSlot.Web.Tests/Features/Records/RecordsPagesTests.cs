using System.Net;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Scheduling;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Records;

public sealed class RecordsPagesTestsOnSqlite(SqliteApp app) : RecordsPagesTests(app), IClassFixture<SqliteApp>;

public sealed class RecordsPagesTestsOnPostgres(PostgresApp app) : RecordsPagesTests(app), IClassFixture<PostgresApp>;

/// <summary>The record pages as a browser uses them: cookie sessions, antiforgery, forms.</summary>
public abstract class RecordsPagesTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(CallerSession Doctor, CallerSession Patient, TestDoctor TestDoctor, Guid PatientId)> CareAsync()
    {
        var doctorSession = await app.SignInAsync(Caller.DoctorWithSecondFactor);
        var patientSession = await app.SignInAsync(Caller.Patient);
        var doctorAccount = await MeAsync(doctorSession);
        var patientId = await MeAsync(patientSession);
        var doctor = await app.WithDbAsync(async db =>
        {
            var doctorId = await db.Doctors.Where(d => d.AccountId == doctorAccount).Select(d => d.Id).SingleAsync(Ct);
            var type = await db.AppointmentTypes.FirstAsync(t => t.DoctorId == doctorId, Ct);
            var clinic = await db.Doctors.Where(d => d.Id == doctorId).SelectMany(d => d.Clinics).FirstAsync(Ct);
            return new TestDoctor(doctorId, clinic.Id, type.Id, DateTimeZoneProviders.Tzdb[clinic.TimeZoneId], clinic.Phone);
        });
        return (doctorSession, patientSession, doctor, patientId);
    }

    private static async Task<Guid> MeAsync(CallerSession session) =>
        System.Text.Json.JsonDocument.Parse(await session.Bearer.GetStringAsync(new Uri("/api/v1/me", UriKind.Relative), Ct)).RootElement.GetProperty("id").GetGuid();

    private static async Task<string> TextOfAsync(HttpClient browser, string url)
    {
        var response = await browser.GetAsync(new Uri(url, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadHtmlAsync()).QuerySelector("main")!.TextContent;
    }

    [Fact]
    public async Task DoctorWritesANoteOnThePage_AndCompletesTheVisit_PatientReadsIt()
    {
        var (doctor, patient, testDoctor, patientId) = await CareAsync();
        var visit = await app.AddVisitAsync(testDoctor, patientId, Duration.FromMinutes(-20));
        Assert.Contains("Write the note", await TextOfAsync(doctor.Browser, "/doctor/visits"), StringComparison.Ordinal);

        var refused = await doctor.Browser.SubmitFormAsync($"/appointments/{visit}/note", new Dictionary<string, string> { ["Input.DiagnosisCode"] = "flu" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull((await refused.ReadHtmlAsync()).QuerySelector("#Input_DiagnosisCode-error"));
        var saved = await doctor.Browser.SubmitFormAsync($"/appointments/{visit}/note", new Dictionary<string, string>
        {
            ["Input.Summary"] = "Knee pain after running", ["Input.Diagnosis"] = "Patellofemoral pain", ["Input.DiagnosisCode"] = "m22.2",
            ["CompleteVisit"] = "true",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("M22.2", await TextOfAsync(doctor.Browser, saved.Headers.Location!.OriginalString), StringComparison.Ordinal);
        Assert.Equal(AppointmentStatus.Completed, await app.WithDbAsync(db => db.Appointments.Where(a => a.Id == visit).Select(a => a.Status).SingleAsync(Ct)));
        Assert.Contains("Knee pain after running", await TextOfAsync(patient.Browser, "/records"), StringComparison.Ordinal);
        Assert.Contains("Patellofemoral pain", await TextOfAsync(patient.Browser, saved.Headers.Location!.OriginalString), StringComparison.Ordinal);
        Assert.Contains("Patellofemoral pain", await TextOfAsync(patient.Browser, "/records/print"), StringComparison.Ordinal);
        Assert.Contains("Knee pain after running", await TextOfAsync(doctor.Browser, $"/patients/{patientId}/chart"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await doctor.Browser.GetAsync(new Uri($"/patients/{patientId}/chart?page=x", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await patient.Browser.GetAsync(new Uri("/records?page=0", UriKind.Relative), Ct)).StatusCode);
        Assert.DoesNotContain("Knee pain", await TextOfAsync(patient.Browser, "/records?page=2"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BreakGlassPage_OpensTheChart_AndThePatientSeesWhy()
    {
        var (_, patient, testDoctor, patientId) = await CareAsync();
        await app.AddVisitAsync(testDoctor, patientId, Duration.FromDays(-3));
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var email = await app.WithDbAsync(db => db.Users.Where(u => u.Id == patientId).Select(u => u.Email!).SingleAsync(Ct));

        var refused = await admin.Browser.SubmitFormAsync("/admin/break-glass", new Dictionary<string, string> { ["Input.PatientEmail"] = email, ["Input.Reason"] = "why" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var opened = await admin.Browser.SubmitFormAsync("/admin/break-glass", new Dictionary<string, string>
        {
            ["Input.PatientEmail"] = email, ["Input.Reason"] = "Found unconscious at the clinic; checking for allergies",
        });

        Assert.Equal($"/patients/{patientId}/chart", opened.Headers.Location?.OriginalString);
        Assert.Contains("Emergency access", await TextOfAsync(admin.Browser, $"/patients/{patientId}/chart"), StringComparison.Ordinal);
        Assert.Contains("checking for allergies", await TextOfAsync(admin.Browser, "/admin/break-glass"), StringComparison.Ordinal);
        Assert.Contains("checking for allergies", await TextOfAsync(patient.Browser, "/records"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatientAddsAnEntry_AndAmendsIt_KeepingTheFirstVersion()
    {
        var (_, patient, _, _) = await CareAsync();

        var added = await patient.Browser.SubmitFormAsync("/records/new", new Dictionary<string, string> { ["Input.Title"] = "Hay fever", ["Input.Details"] = "Spring" });
        var entryUrl = added.Headers.Location!.OriginalString;
        var amended = await patient.Browser.SubmitFormAsync(entryUrl + "/amend", new Dictionary<string, string>
        {
            ["Title"] = "Hay fever and cat allergy", ["Input.Summary"] = "Spring; cats all year", ["Reason"] = "Found out about cats",
        });

        Assert.Equal(entryUrl, amended.Headers.Location?.OriginalString);
        var text = await TextOfAsync(patient.Browser, entryUrl);
        Assert.Contains("Version 2 (current)", text, StringComparison.Ordinal);
        Assert.Contains("Found out about cats", text, StringComparison.Ordinal);
        Assert.Contains("Spring", text, StringComparison.Ordinal);
        Assert.Contains("reported by the patient", text, StringComparison.Ordinal);
    }
}
