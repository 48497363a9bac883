using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CareSlot.BrowserTests;

/// <summary>
/// Issue 18's promise: an empty production database plus <c>create-admin</c> becomes a working clinic with a bookable doctor
/// through the pages alone. Nothing here writes to the database; every step is a person in a browser. In the shared
/// collection for its Chromium, and so that it never runs beside the other browser tests on a two-core machine.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed partial class EmptyInstallationJourneyTests(BrowserApp shared, EmptyInstallationApp app) : IClassFixture<EmptyInstallationApp>
{
    private const string AdminEmail = "ops@clinic.example";
    private const string Password = "correct horse battery staple";
    private const string SpecialtyName = "Sports medicine";
    private static readonly int[] Widths = [375, 768, 1280];

    [Fact]
    public async Task EmptyProductionDatabase_SetUpThroughTheBrowser_PatientBooksTheNewDoctor()
    {
        var (exitCode, output) = await app.CreateAdminAsync(AdminEmail, Password);
        Assert.True(exitCode == 0, output);

        await using var adminContext = await app.NewContextAsync(shared.Browser, 1280, 900);
        var admin = await adminContext.NewPageAsync();
        await ExpectEmptyPagesAnswerAsync(admin, "/", "/doctors", "/doctors?specialty=cardiology", "/account/register", "/account/register-doctor");
        await SetUpTwoFactorAsAdminAsync(admin);
        await ExpectEmptyPagesAnswerAsync(admin, "/admin", "/admin/clinics", "/admin/specialties", "/admin/doctors/pending", "/admin/accounts",
            "/admin/deliveries", "/admin/audit", "/admin/break-glass");
        var clinicPath = await CreateClinicAsync(admin);
        await CreateSpecialtyAsync(admin);

        await using var doctorContext = await app.NewContextAsync(shared.Browser, 1280, 900);
        var doctorView = await doctorContext.NewPageAsync();
        var doctor = NewPerson.Unique("Avery", "doctor");
        await RegisterDoctorAsync(doctorView, doctor);
        await app.Smtp.VerifyEmailAsync(doctorView, doctor.Email);

        await ApproveAsync(admin, doctor);
        await admin.GotoAsync(clinicPath);
        var doctorsAtClinic = admin.Locator("ul[aria-labelledby='doctors-title']");
        await Expect(doctorsAtClinic).ToContainTextAsync(doctor.FullName);
        await Expect(doctorsAtClinic).Not.ToContainTextAsync("not approved yet");
        await ScreenshotsAsync(admin, "setup-admin-clinic");

        await OpenHoursAsDoctorAsync(doctorView, doctor);

        await using var patientContext = await app.NewContextAsync(shared.Browser, 375, 812);
        var patientView = await patientContext.NewPageAsync();
        var patient = NewPerson.Unique("Robin", "patient");
        await RegisterPatientAsync(patientView, patient);
        await app.Smtp.VerifyEmailAsync(patientView, patient.Email);
        await AppPages.SignInAsync(patientView, patient.Email, Password);
        await Expect(patientView).ToHaveURLAsync(PathIs("/account"));

        await patientView.GotoAsync("/");
        await patientView.GetByLabel("Specialty", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = SpecialtyName });
        await AppPages.ClickAndLoadAsync(patientView, patientView.GetByRole(AriaRole.Button, new() { Name = "Search" }));
        await Expect(patientView.GetByRole(AriaRole.Status)).ToContainTextAsync("1 doctor found");
        var card = patientView.GetByRole(AriaRole.Main).GetByRole(AriaRole.Heading, new() { Level = 2 })
            .GetByRole(AriaRole.Link, new() { Name = doctor.FullName });
        await Expect(card).ToHaveCountAsync(1);
        await ScreenshotsAsync(patientView, "setup-directory-results");

        await AppPages.ClickAndLoadAsync(patientView, card);
        await Expect(patientView.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(doctor.FullName);
        await AppPages.ClickAndLoadAsync(patientView, patientView.GetByRole(AriaRole.Link, new() { Name = "Next week" }));
        await AppPages.ClickAndLoadAsync(patientView, patientView.Locator("button.slot").First);
        await Expect(patientView.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Confirm your appointment");
        await AppPages.ClickAndLoadAsync(patientView, patientView.GetByRole(AriaRole.Button, new() { Name = "Confirm booking" }));
        await Expect(patientView.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your appointment is booked");
        await Expect(patientView.Locator(".facts")).ToContainTextAsync("Westpark Sports Clinic");
        await ScreenshotsAsync(patientView, "setup-booking-confirmation");
        await Expect(patientView.Locator("footer")).Not.ToContainTextAsync("Demo data");
    }

    /// <summary>Pages someone may open before anything is set up: each answers normally, none fails on the empty database.</summary>
    private static async Task ExpectEmptyPagesAnswerAsync(IPage view, params string[] paths)
    {
        foreach (var path in paths)
        {
            var response = await view.GotoAsync(path);
            Assert.True(response?.Status == 200, $"{path} answered {response?.Status} on the empty installation.");
        }
    }

    /// <summary>The first sign-in: the admin area asks for a second factor, which the admin sets up and then signs in with.</summary>
    private static async Task SetUpTwoFactorAsAdminAsync(IPage view)
    {
        await AppPages.SignInAsync(view, AdminEmail, Password);
        await Expect(view).ToHaveURLAsync(PathIs("/account"));
        var denied = await view.GotoAsync("/admin");
        Assert.Equal(403, denied?.Status);
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Link, new() { Name = "Set up two-factor authentication", Exact = true }));
        var key = await DoctorJourneyTests.TurnOnTwoFactorAsync(view);
        await DoctorJourneyTests.SignInWithTwoFactorAsync(view, AdminEmail, Password, key);
        Assert.Equal(200, (await view.GotoAsync("/admin"))?.Status);
    }

    /// <summary>From the admin front page to a new clinic's page; returns its path.</summary>
    private static async Task<string> CreateClinicAsync(IPage view)
    {
        await view.GotoAsync("/admin");
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Link, new() { Name = "Clinics", Exact = true }));
        await Expect(view.GetByRole(AriaRole.Main)).ToContainTextAsync("There is no clinic yet.");
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Link, new() { Name = "Add a clinic", Exact = true }));
        await view.Locator("#Input_Name").FillAsync("Westpark Sports Clinic");
        await view.Locator("#Input_AddressLine").FillAsync("Parkallee 12");
        await view.Locator("#Input_Postcode").FillAsync("80331");
        await view.Locator("#Input_City").FillAsync("München");
        await view.Locator("#Input_CountryCode").FillAsync("DE");
        await view.Locator("#Input_Latitude").FillAsync("48.137");
        await view.Locator("#Input_Longitude").FillAsync("11.575");
        await view.Locator("#Input_TimeZone").SelectOptionAsync("Europe/Berlin");
        await view.Locator("#Input_Phone").FillAsync("+49 89 1234567");
        var created = await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Add the clinic", Exact = true }));
        Assert.Equal(200, created?.Status);
        await Expect(view.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Westpark Sports Clinic");
        return new Uri(view.Url).AbsolutePath;
    }

    private static async Task CreateSpecialtyAsync(IPage view)
    {
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Link, new() { Name = "All clinics", Exact = true }));
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Specialties", Exact = true }));
        await view.Locator("#Input_Slug").FillAsync("sports-medicine");
        await view.Locator("#Input_Name").FillAsync(SpecialtyName);
        var added = await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Add the specialty", Exact = true }));
        Assert.Equal(200, added?.Status);
        await Expect(view.GetByRole(AriaRole.Table)).ToContainTextAsync(SpecialtyName);
    }

    private static async Task RegisterDoctorAsync(IPage view, NewPerson doctor)
    {
        await view.GotoAsync("/account/register");
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Link, new() { Name = "Register as a doctor" }));
        await view.GetByLabel("Full name", new() { Exact = true }).FillAsync(doctor.FullName);
        await view.GetByLabel("Date of birth", new() { Exact = true }).FillAsync("1980-06-01");
        await view.GetByLabel("Email address", new() { Exact = true }).FillAsync(doctor.Email);
        await view.GetByLabel("Mobile phone number", new() { Exact = true }).FillAsync(doctor.Phone);
        await view.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await view.GetByLabel("Professional licence number", new() { Exact = true }).FillAsync("LAEK-BY-204518");
        await view.GetByRole(AriaRole.Group, new() { Name = "Specialties", Exact = true }).GetByLabel(SpecialtyName, new() { Exact = true }).CheckAsync();
        await view.GetByLabel("Clinic", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Westpark Sports Clinic, München" });
        await view.GetByLabel("I accept the terms of use").CheckAsync();
        var registered = await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Register", Exact = true }));
        Assert.Equal(200, registered?.Status);
        await Expect(view).ToHaveURLAsync(PathIs("/account/verify-phone"));
    }

    /// <summary>From the admin front page to the pending doctors, where the new doctor is approved.</summary>
    private static async Task ApproveAsync(IPage view, NewPerson doctor)
    {
        await view.GotoAsync("/admin");
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Link, new() { Name = "Doctors awaiting approval", Exact = true }));
        var row = view.GetByRole(AriaRole.Row).Filter(new() { HasText = doctor.Email });
        await Expect(row).ToContainTextAsync(SpecialtyName);
        await Expect(row).ToContainTextAsync("Westpark Sports Clinic");
        await DoctorJourneyTests.ApproveFromTheListAsync(view, row);
    }

    /// <summary>
    /// The doctor signs in, turns on two-factor (the schedule holds patients' bookings), works 08:00–17:00 Monday to Friday
    /// and offers a 30-minute consultation.
    /// </summary>
    private static async Task OpenHoursAsDoctorAsync(IPage view, NewPerson doctor)
    {
        await AppPages.SignInAsync(view, doctor.Email, Password);
        await Expect(view).ToHaveURLAsync(PathIs("/account"));
        await view.GotoAsync("/account/two-factor");
        var key = await DoctorJourneyTests.TurnOnTwoFactorAsync(view);
        await DoctorJourneyTests.SignInWithTwoFactorAsync(view, doctor.Email, Password, key);

        await view.GotoAsync("/account/schedule");
        var hours = view.Locator("section.schedule-clinic").First;
        foreach (var day in new[] { "monday", "tuesday", "wednesday", "thursday", "friday" })
        {
            await hours.Locator($"[id$='-{day}-working-1-start']").FillAsync("08:00");
            await hours.Locator($"[id$='-{day}-working-1-end']").FillAsync("17:00");
        }
        var saved = await AppPages.ClickAndLoadAsync(view, hours.Locator("button[type=submit]"));
        Assert.Equal(200, saved?.Status);
        await Expect(view.Locator("section.schedule-clinic").First.Locator("[id$='-monday-working-1-start']")).ToHaveValueAsync("08:00");

        await view.Locator("#type-name").FillAsync("Sports injury consultation");
        await view.Locator("#type-duration").FillAsync("30");
        var added = await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Add appointment type", Exact = true }));
        Assert.Equal(200, added?.Status);
        await Expect(view.Locator("#appointment-types table")).ToContainTextAsync("Sports injury consultation");
    }

    private static async Task RegisterPatientAsync(IPage view, NewPerson patient)
    {
        await view.GotoAsync("/account/register");
        await view.GetByLabel("Full name", new() { Exact = true }).FillAsync(patient.FullName);
        await view.GetByLabel("Date of birth", new() { Exact = true }).FillAsync("1991-03-17");
        await view.GetByLabel("Email address", new() { Exact = true }).FillAsync(patient.Email);
        await view.GetByLabel("Mobile phone number", new() { Exact = true }).FillAsync(patient.Phone);
        await view.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await view.GetByLabel("I accept the terms of use").CheckAsync();
        var registered = await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Create account" }));
        Assert.Equal(200, registered?.Status);
        await Expect(view).ToHaveURLAsync(PathIs("/account/verify-phone"));
    }

    /// <summary>The page at each of the three widths, whole, into the run's screenshot folder.</summary>
    private static async Task ScreenshotsAsync(IPage view, string name)
    {
        var size = view.ViewportSize;
        foreach (var width in Widths)
        {
            await view.SetViewportSizeAsync(width, 900);
            await AppPages.AssertFitsWidthAsync(view, name);
            await view.ScreenshotAsync(new() { Path = AppPages.ScreenshotPath(name, width), FullPage = true });
        }
        if (size is not null) await view.SetViewportSizeAsync(size.Width, size.Height);
    }

    private static Regex PathIs(string path) => DoctorJourneyTests.PathIs(path);

    private sealed record NewPerson(string FullName, string Email, string Phone)
    {
        public static NewPerson Unique(string givenName, string role)
        {
            var id = Guid.NewGuid().ToString("N");
            // Letters only, so the name is one search word: the hex digits 0-f become the letters a-p.
            var family = "Setup" + new string([.. id[..8].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16)))]);
            var subscriber = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
            return new($"{givenName} {family}", $"{role}.{id}@example.org", $"+44 7400 {subscriber}");
        }
    }
}
