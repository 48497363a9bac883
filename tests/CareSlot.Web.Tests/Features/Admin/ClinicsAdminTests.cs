using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Admin.Clinics;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.Admin;

public sealed class ClinicsAdminTestsOnSqlite(SqliteApp app) : ClinicsAdminTests(app), IClassFixture<SqliteApp>;

public sealed class ClinicsAdminTestsOnPostgres(PostgresApp app) : ClinicsAdminTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Administrators set up clinics, their rules, their doctors and the specialties, through the API and the pages: each change
/// is audited, refusals name the field or list the appointments in the way, and the directory and booking follow at once.
/// </summary>
public abstract class ClinicsAdminTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, object?> ValidClinic(string? name = null) => new()
    {
        ["name"] = name ?? $"Admin Clinic {Guid.NewGuid():N}",
        ["addressLine"] = "Invalidenstraße 1",
        ["postcode"] = "10115",
        ["city"] = "Berlin",
        ["countryCode"] = "de",
        ["latitude"] = 52.53,
        ["longitude"] = 13.38,
        ["timeZone"] = "Europe/Berlin",
        ["phone"] = "030 1234567",
        ["openingNotes"] = "Entrance from the courtyard.\nLift to the 2nd floor.",
        ["cancellationLimitHours"] = 48,
        ["rescheduleLimitHours"] = 12,
        ["maxUpcomingPerDoctor"] = 3,
        ["maxReschedules"] = 1,
        ["autoConfirm"] = false,
    };

    private async Task<HttpClient> AdminAsync() => (await app.CreateApiUserAsync(Roles.Admin, multiFactor: true)).Client;

    private static async Task<ClinicDetails> CreatedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {body}");
        return (await response.Content.ReadFromJsonAsync<ClinicDetails>(Ct))!;
    }

    private Task<AuditEntryView?> AuditAsync(string action, string record) =>
        app.WithDbAsync(db => db.AuditTrail.Where(a => a.Action == action && a.Record == record)
            .Select(a => new AuditEntryView(a.ActorId, a.ActorRole, a.Outcome)).SingleOrDefaultAsync(Ct));

    private sealed record AuditEntryView(Guid? ActorId, string? ActorRole, AuditOutcome Outcome);

    [Fact]
    public async Task Create_ValidClinic_IsListedWithItsRulesAndAudited()
    {
        var admin = await app.CreateApiUserAsync(Roles.Admin, multiFactor: true);
        var request = ValidClinic();

        var created = await CreatedAsync(await admin.Client.PostAsJsonAsync("/api/v1/admin/clinics", request, Ct));

        Assert.Equal((request["name"], "DE", "+49301234567", "Europe/Berlin", "Entrance from the courtyard.\nLift to the 2nd floor.", 48, 12, 3, 1, false, null),
            ((object?)created.Name, created.CountryCode, created.Phone, created.TimeZone, created.OpeningNotes, created.CancellationLimitHours,
                created.RescheduleLimitHours, created.MaxUpcomingPerDoctor, created.MaxReschedules, created.AutoConfirm, created.RetiredAt));
        var list = await (await admin.Client.GetAsync(new Uri("/api/v1/admin/clinics", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<List<ClinicListItem>>();
        Assert.Contains(list, c => c.Id == created.Id && c.Doctors == 0 && !c.Retired && c.TimeZone == "Europe/Berlin");
        var audit = await AuditAsync(AuditActions.ClinicCreated, $"clinic {created.Id}");
        Assert.Equal((admin.Id, Roles.Admin, AuditOutcome.Allowed), (audit!.ActorId, audit.ActorRole, audit.Outcome));
    }

    [Fact]
    public async Task Create_InvalidFields_400NamingEachField_AndNothingSaved()
    {
        var admin = await AdminAsync();
        var request = ValidClinic();
        request["name"] = "   ";
        request["countryCode"] = "XX";
        request["latitude"] = 90.5;
        request["longitude"] = -180.01;
        request["timeZone"] = "Mars/Olympus_Mons";
        request["phone"] = "+49 12";
        request["openingNotes"] = new string('n', 1001);
        request["cancellationLimitHours"] = -1;
        request["rescheduleLimitHours"] = 24 * 31;
        request["maxUpcomingPerDoctor"] = 0;
        request["maxReschedules"] = null;
        var before = await app.WithDbAsync(db => db.Clinics.CountAsync(Ct));

        var problem = await (await admin.PostAsJsonAsync("/api/v1/admin/clinics", request, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["cancellationLimitHours", "countryCode", "latitude", "longitude", "maxReschedules", "maxUpcomingPerDoctor", "name", "openingNotes",
            "phone", "rescheduleLimitHours", "timeZone"], problem.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(before, await app.WithDbAsync(db => db.Clinics.CountAsync(Ct)));
    }

    [Fact]
    public async Task Create_NameOfAnotherClinicInOtherCase_400NamingName()
    {
        var admin = await AdminAsync();
        var name = $"Twin Clinic {Guid.NewGuid():N}";
        await CreatedAsync(await admin.PostAsJsonAsync("/api/v1/admin/clinics", ValidClinic(name), Ct));

        var problem = await (await admin.PostAsJsonAsync("/api/v1/admin/clinics", ValidClinic(name.ToUpperInvariant()), Ct))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal("Another clinic already has this name.", Assert.Single(problem.Errors["name"]));
    }

    [Fact]
    public async Task Update_NameAndNotes_DirectoryAndSearchShowThemAtOnce()
    {
        var admin = await AdminAsync();
        var doctor = await app.CreateBookableDoctorAsync();
        var anonymous = app.CreateClient();
        var newName = $"Renamed Clinic {Guid.NewGuid():N}";
        // Fill the anonymous search cache first: the edit must evict it.
        Assert.Equal(0, (await SearchAsync(anonymous, newName)).TotalCount);

        var request = ValidClinic(newName);
        var updated = await (await admin.PutAsJsonAsync($"/api/v1/admin/clinics/{doctor.ClinicId}", request, Ct)).ShouldBeOkJsonAsync<ClinicDetails>();

        Assert.Equal(newName, updated.Name);
        var profile = await (await anonymous.GetAsync(new Uri($"/api/v1/doctors/{doctor.DoctorId}", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<DoctorProfile>();
        var clinic = Assert.Single(profile.Clinics);
        Assert.Equal((newName, "Entrance from the courtyard.\nLift to the 2nd floor."), (clinic.Name, clinic.OpeningNotes));
        Assert.Equal([doctor.DoctorId], (await SearchAsync(anonymous, newName)).Items.Select(d => d.Id));
        Assert.NotNull(await AuditAsync(AuditActions.ClinicUpdated, $"clinic {doctor.ClinicId}"));
    }

    [Fact]
    public async Task Update_UnknownClinic_404()
    {
        var admin = await AdminAsync();

        await (await admin.PutAsJsonAsync("/api/v1/admin/clinics/987654", ValidClinic(), Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Retire_WithAnAppointmentToCome_409ListingIt_AndTheClinicStaysOpen()
    {
        var admin = await AdminAsync();
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10));

        var response = await admin.PostAsync(new Uri($"/api/v1/admin/clinics/{doctor.ClinicId}/retire", UriKind.Relative), null, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var listed = Assert.Single(body.RootElement.GetProperty("appointments").EnumerateArray());
        Assert.Equal(booked.Id, listed.GetProperty("id").GetGuid());
        Assert.Equal(app.LocalTimeTomorrow(doctor, 10), listed.GetProperty("start").GetString());
        Assert.StartsWith("Dr. Test Doctor", listed.GetProperty("doctor").GetString(), StringComparison.Ordinal);
        Assert.False(listed.TryGetProperty("patientName", out _));
        Assert.Null(await app.WithDbAsync(db => db.Clinics.Where(c => c.Id == doctor.ClinicId).Select(c => c.RetiredAt).SingleAsync(Ct)));
        Assert.Null(await AuditAsync(AuditActions.ClinicRetired, $"clinic {doctor.ClinicId}"));
    }

    [Fact]
    public async Task Retire_WithNothingToCome_LeavesDirectoryAndBooking_AndReinstateBringsItBack()
    {
        var admin = await AdminAsync();
        var doctor = await app.CreateBookableDoctorAsync();
        var anonymous = app.CreateClient();
        var clinicName = await app.WithDbAsync(db => db.Clinics.Where(c => c.Id == doctor.ClinicId).Select(c => c.Name).SingleAsync(Ct));
        Assert.Equal(1, (await SearchAsync(anonymous, clinicName)).TotalCount);
        var patient = (await app.CreatePatientsAsync(1))[0];

        var retired = await (await admin.PostAsync(new Uri($"/api/v1/admin/clinics/{doctor.ClinicId}/retire", UriKind.Relative), null, Ct))
            .ShouldBeOkJsonAsync<ClinicDetails>();

        Assert.NotNull(retired.RetiredAt);
        Assert.Equal(0, (await SearchAsync(anonymous, clinicName)).TotalCount);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri($"/api/v1/doctors/{doctor.DoctorId}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri($"/doctors/{doctor.DoctorId}", UriKind.Relative), Ct)).StatusCode);
        Assert.True((await patient.BookAsync(doctor, app.LocalTimeTomorrow(doctor, 10))).StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound);
        Assert.NotNull(await AuditAsync(AuditActions.ClinicRetired, $"clinic {doctor.ClinicId}"));
        Assert.DoesNotContain(clinicName, await anonymous.GetStringAsync(new Uri("/account/register-doctor", UriKind.Relative), Ct), StringComparison.Ordinal);

        var reinstated = await (await admin.PostAsync(new Uri($"/api/v1/admin/clinics/{doctor.ClinicId}/reinstate", UriKind.Relative), null, Ct))
            .ShouldBeOkJsonAsync<ClinicDetails>();

        Assert.Null(reinstated.RetiredAt);
        Assert.Equal(1, (await SearchAsync(anonymous, clinicName)).TotalCount);
        await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10));
        Assert.NotNull(await AuditAsync(AuditActions.ClinicReinstated, $"clinic {doctor.ClinicId}"));
    }

    [Fact]
    public async Task AssignAndUnassign_DoctorJoinsAndLeaves_KeepsTheirOtherClinic_Audited()
    {
        var admin = await AdminAsync();
        var doctor = await app.CreateBookableDoctorAsync();
        var clinic = await CreatedAsync(await admin.PostAsJsonAsync("/api/v1/admin/clinics", ValidClinic(), Ct));

        var assigned = await (await admin.PostAsJsonAsync($"/api/v1/admin/clinics/{clinic.Id}/doctors", new { doctorId = doctor.DoctorId }, Ct))
            .ShouldBeOkJsonAsync<ClinicDetails>();

        Assert.Equal([doctor.DoctorId], assigned.Doctors.Select(d => d.Id));
        var profile = await (await app.CreateClient().GetAsync(new Uri($"/api/v1/doctors/{doctor.DoctorId}", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<DoctorProfile>();
        Assert.Equal(new[] { clinic.Id, doctor.ClinicId }.Order(), profile.Clinics.Select(c => c.Id).Order());
        Assert.NotNull(await AuditAsync(AuditActions.ClinicDoctorAssigned, $"clinic {clinic.Id} doctor {doctor.DoctorId}"));
        await (await admin.PostAsJsonAsync($"/api/v1/admin/clinics/{clinic.Id}/doctors", new { doctorId = doctor.DoctorId }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var unknown = await (await admin.PostAsJsonAsync($"/api/v1/admin/clinics/{clinic.Id}/doctors", new { doctorId = 987654 }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("doctorId", unknown.Errors.Keys);

        var unassigned = await (await admin.DeleteAsync(new Uri($"/api/v1/admin/clinics/{clinic.Id}/doctors/{doctor.DoctorId}", UriKind.Relative), Ct))
            .ShouldBeOkJsonAsync<ClinicDetails>();

        Assert.Empty(unassigned.Doctors);
        profile = await (await app.CreateClient().GetAsync(new Uri($"/api/v1/doctors/{doctor.DoctorId}", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<DoctorProfile>();
        Assert.Equal([doctor.ClinicId], profile.Clinics.Select(c => c.Id));
        Assert.NotNull(await AuditAsync(AuditActions.ClinicDoctorUnassigned, $"clinic {clinic.Id} doctor {doctor.DoctorId}"));
    }

    [Fact]
    public async Task Unassign_DoctorWithAnAppointmentToComeThere_409ListingIt()
    {
        var admin = await AdminAsync();
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 11));

        var response = await admin.DeleteAsync(new Uri($"/api/v1/admin/clinics/{doctor.ClinicId}/doctors/{doctor.DoctorId}", UriKind.Relative), Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(booked.Id, Assert.Single(body.RootElement.GetProperty("appointments").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.True(await app.WithDbAsync(db => db.Doctors.AnyAsync(d => d.Id == doctor.DoctorId && d.Clinics.Any(c => c.Id == doctor.ClinicId), Ct)));
    }

    [Fact]
    public async Task Specialties_AddRenameRemove_SlugAndNameUnique_RemovedOnlyWhenNobodyHasIt()
    {
        var admin = await AdminAsync();
        var slug = $"spec-{Guid.NewGuid():N}"[..20];

        var created = await admin.PostAsJsonAsync("/api/v1/admin/specialties", new { slug, name = $"Specialty {slug}" }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var specialty = (await created.Content.ReadFromJsonAsync<SpecialtyListItem>(Ct))!;
        Assert.NotNull(await AuditAsync(AuditActions.SpecialtyCreated, $"specialty {specialty.Id} {slug}"));
        var sameSlug = await (await admin.PostAsJsonAsync("/api/v1/admin/specialties", new { slug, name = "Something else entirely" }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["slug"], sameSlug.Errors.Keys);
        var badSlug = await (await admin.PostAsJsonAsync("/api/v1/admin/specialties", new { slug = "Sports Medicine", name = "" }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["name", "slug"], badSlug.Errors.Keys.Order(StringComparer.Ordinal));
        var takenName = await (await admin.PutAsJsonAsync($"/api/v1/admin/specialties/{specialty.Id}", new { name = "CARDIOLOGY" }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["name"], takenName.Errors.Keys);

        var renamed = await (await admin.PutAsJsonAsync($"/api/v1/admin/specialties/{specialty.Id}", new { name = $"Renamed {slug}" }, Ct))
            .ShouldBeOkJsonAsync<SpecialtyListItem>();

        Assert.Equal(($"Renamed {slug}", slug), (renamed.Name, renamed.Slug));
        Assert.NotNull(await AuditAsync(AuditActions.SpecialtyRenamed, $"specialty {specialty.Id} {slug}"));
        var cardiology = await app.WithDbAsync(db => db.Specialties.Where(s => s.Slug == "cardiology").Select(s => s.Id).SingleAsync(Ct));
        await (await admin.DeleteAsync(new Uri($"/api/v1/admin/specialties/{cardiology}", UriKind.Relative), Ct)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(new Uri($"/api/v1/admin/specialties/{specialty.Id}", UriKind.Relative), Ct)).StatusCode);
        Assert.NotNull(await AuditAsync(AuditActions.SpecialtyRemoved, $"specialty {specialty.Id} {slug}"));
        Assert.DoesNotContain(await (await admin.GetAsync(new Uri("/api/v1/admin/specialties", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<List<SpecialtyListItem>>(),
            s => s.Id == specialty.Id);
    }

    // ---- pages ----

    [Fact]
    public async Task NewPage_InvalidInput_400WithEachErrorNextToItsField()
    {
        var admin = (await app.SignInAsync(Caller.AdminWithSecondFactor)).Browser;

        var response = await admin.SubmitFormAsync("/admin/clinics/new", new Dictionary<string, string>
        {
            ["Input.Name"] = "", ["Input.Latitude"] = "ninety", ["Input.Longitude"] = "13,4", ["Input.TimeZone"] = "Nowhere/Else",
            ["Input.Phone"] = "12", ["Input.CountryCode"] = "DE", ["Input.MaxReschedules"] = "21",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.Equal("Enter the clinic's name (at most 200 characters).", page.QuerySelector("#Input_Name-error")!.TextContent);
        Assert.Equal("Enter a latitude from -90 to 90 (decimal degrees, for example 52.52).", page.QuerySelector("#Input_Latitude-error")!.TextContent);
        Assert.Null(page.QuerySelector("#Input_Longitude-error")); // a decimal comma is fine
        Assert.Equal("Choose the clinic's time zone from the list.", page.QuerySelector("#Input_TimeZone-error")!.TextContent);
        Assert.NotNull(page.QuerySelector("#Input_Phone-error"));
        Assert.Equal("Enter a whole number from 0 to 20.", page.QuerySelector("#Input_MaxReschedules-error")!.TextContent);
        Assert.Equal("true", page.QuerySelector("#Input_Name")!.GetAttribute("aria-invalid"));
        Assert.NotNull(page.QuerySelector(".error-summary a[href='#Input_Name']"));
    }

    [Fact]
    public async Task NewAndEditPages_CreateThenEdit_RedirectAndShowTheSavedValues_DuplicateNameNextToTheField()
    {
        var admin = (await app.SignInAsync(Caller.AdminWithSecondFactor)).Browser;
        var name = $"Page Clinic {Guid.NewGuid():N}";
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = name, ["Input.AddressLine"] = "Karl-Marx-Allee 2", ["Input.Postcode"] = "10243", ["Input.City"] = "Berlin",
            ["Input.CountryCode"] = "DE", ["Input.Latitude"] = "52,52", ["Input.Longitude"] = "13.42", ["Input.TimeZone"] = "Europe/Berlin",
            ["Input.Phone"] = "+49 30 7654321", ["Input.OpeningNotes"] = "Mon–Fri 8–18", ["Input.CancellationLimitHours"] = "24",
            ["Input.RescheduleLimitHours"] = "24", ["Input.MaxUpcomingPerDoctor"] = "2", ["Input.MaxReschedules"] = "3",
        };

        var created = await admin.SubmitFormAsync("/admin/clinics/new", fields);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        var id = await app.WithDbAsync(db => db.Clinics.Where(c => c.Name == name).Select(c => c.Id).SingleAsync(Ct));
        Assert.Equal($"/admin/clinics/{id}", location);
        var page = await (await admin.GetAsync(new Uri(location, UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal("The clinic is saved. Assign its doctors below.", page.QuerySelector(".notice[role=status]")!.TextContent);
        Assert.Equal("52.52", page.QuerySelector("#Input_Latitude")!.GetAttribute("value"));
        Assert.Equal("Europe/Berlin", page.QuerySelector("#Input_TimeZone option[selected]")!.GetAttribute("value"));
        Assert.Null(page.QuerySelector("#Input_AutoConfirm")!.GetAttribute("checked")); // not posted: unticked

        fields["Input.Name"] = "Other " + name;
        await CreatedAsync(await (await app.CreateApiUserAsync(Roles.Admin, multiFactor: true)).Client.PostAsJsonAsync("/api/v1/admin/clinics", ValidClinic("Other " + name), Ct));
        var duplicate = await admin.SubmitFormAsync(location, fields);

        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Equal("Another clinic already has this name.", (await duplicate.ReadHtmlAsync()).QuerySelector("#Input_Name-error")!.TextContent);
    }

    [Fact]
    public async Task EditPage_RetireRefused_409ListsTheAppointmentWithoutPatient_ThenAssignAndUnassign()
    {
        var admin = (await app.SignInAsync(Caller.AdminWithSecondFactor)).Browser;
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 9));
        var url = $"/admin/clinics/{doctor.ClinicId}";

        var refused = await admin.SubmitFormAsync(url, new Dictionary<string, string>(), formSelector: "form[action*='handler=Retire']");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var page = await refused.ReadHtmlAsync();
        Assert.Equal("The clinic still has appointments to come.", page.QuerySelector("#refusal-title")!.TextContent);
        var item = Assert.Single(page.QuerySelectorAll(".conflict-list li"));
        Assert.Equal($"/appointments/{booked.Id}", item.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("Dr. Test Doctor", item.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Patient Person", page.Body!.TextContent, StringComparison.Ordinal);

        var other = await app.CreateBookableDoctorAsync();
        var assigned = await admin.SubmitFormAsync(url, new Dictionary<string, string> { ["doctorId"] = other.DoctorId.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            formSelector: "form[action*='handler=Assign']");
        Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        page = await (await admin.GetAsync(new Uri(url, UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal("The doctor now works at this clinic.", page.QuerySelector(".notice[role=status]")!.TextContent);
        Assert.Equal(2, page.QuerySelectorAll("form[action*='handler=Unassign']").Length);

        var unassigned = await admin.SubmitFormAsync(url, new Dictionary<string, string> { ["doctorId"] = other.DoctorId.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            formSelector: "form[action*='handler=Unassign']");
        Assert.Equal(HttpStatusCode.Redirect, unassigned.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Doctors.AnyAsync(d => d.Id == other.DoctorId && d.Clinics.Any(c => c.Id == doctor.ClinicId), Ct)));
    }

    [Fact]
    public async Task ListAndSpecialtiesPages_ShowClinicsAndRefuseRemovingASpecialtyInUse()
    {
        var session = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var clinic = await CreatedAsync(await session.Bearer.PostAsJsonAsync("/api/v1/admin/clinics", ValidClinic(), Ct));

        var list = await (await session.Browser.GetAsync(new Uri("/admin/clinics", UriKind.Relative), Ct)).ReadHtmlAsync();

        var row = list.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("a")!.GetAttribute("href") == $"/admin/clinics/{clinic.Id}");
        Assert.Equal([clinic.Name, "Berlin", "Europe/Berlin", "0", "Open", $"Week calendar {clinic.Name}"], row.Children.Select(c => c.TextContent.Trim()));

        var cardiology = await app.WithDbAsync(db => db.Specialties.Where(s => s.Slug == "cardiology").Select(s => s.Id).SingleAsync(Ct));
        var refused = await session.Browser.SubmitFormAsync("/admin/specialties", new Dictionary<string, string>(),
            formSelector: $"form[action*='id={cardiology}&handler=Remove']");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("doctors have this specialty", (await refused.ReadHtmlAsync()).QuerySelector($"#name-{cardiology}-error")!.TextContent, StringComparison.Ordinal);
    }

    private static async Task<Page<DoctorSummary>> SearchAsync(HttpClient client, string q) =>
        await (await client.GetAsync(new Uri($"/api/v1/doctors?q={Uri.EscapeDataString(q)}", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<Page<DoctorSummary>>();
}
