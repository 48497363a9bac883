using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OtpNet;
using static Microsoft.Playwright.Assertions;

namespace CareSlot.BrowserTests;

/// <summary>
/// A doctor registers, an administrator approves them, and only then do patients find them in the directory.
/// Turns on two-factor authentication for the demo administrator for the rest of the run: no other browser test
/// signs in as that account.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed partial class DoctorJourneyTests(BrowserApp app)
{
    private const string DemoAdminEmail = "admin@careslot.test";

    [Fact]
    public async Task RegisterDoctor_ApprovedByAdminWithTwoFactor_AppearsInDirectory()
    {
        await using var doctorContext = await app.NewContextAsync(1280, 800);
        var doctorView = await doctorContext.NewPageAsync();
        var doctor = NewDoctor.Unique();

        await RegisterAsync(doctorView, doctor);
        await app.VerifyEmailAsync(doctorView, doctor.Email);

        // Verified but not approved: patients cannot find the doctor yet.
        await doctorView.GotoAsync(DirectorySearch(doctor.FamilyName));
        await Expect(doctorView.GetByRole(AriaRole.Status)).ToContainTextAsync("0 doctors found");
        await Expect(DoctorCardLink(doctorView, doctor.FullName)).ToHaveCountAsync(0);

        await using (var adminContext = await app.NewContextAsync(1280, 800))
        {
            var adminView = await adminContext.NewPageAsync();
            await ApproveAsAdminAsync(adminView, doctor);
        }

        // The doctor turns on two-factor authentication too and signs in with it.
        await AppPages.SignInAsync(doctorView, doctor.Email, doctor.Password);
        await Expect(doctorView).ToHaveURLAsync(PathIs("/account"));
        await doctorView.GotoAsync("/account/two-factor");
        var doctorKey = await TurnOnTwoFactorAsync(doctorView);
        await SignInWithTwoFactorAsync(doctorView, doctor.Email, doctor.Password, doctorKey);
        await Expect(doctorView).ToHaveURLAsync(PathIs("/account"));

        // Approved: the directory lists the doctor, and the profile names the specialty.
        await doctorView.GotoAsync(DirectorySearch(doctor.FamilyName));
        await Expect(doctorView.GetByRole(AriaRole.Status)).ToContainTextAsync("1 doctor found");
        var card = DoctorCardLink(doctorView, doctor.FullName);
        await Expect(card).ToHaveCountAsync(1);
        await AppPages.ClickAndLoadAsync(doctorView, card);
        await Expect(doctorView).ToHaveURLAsync(ProfileUrl());
        await Expect(doctorView.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(doctor.FullName);
        await Expect(doctorView.GetByRole(AriaRole.Main)).ToContainTextAsync("Cardiology");
    }

    /// <summary>The admin is told a second factor is needed, sets it up, signs in with it and approves the doctor.</summary>
    private static async Task ApproveAsAdminAsync(IPage view, NewDoctor doctor)
    {
        await AppPages.SignInAsync(view, DemoAdminEmail, AppPages.DemoPassword);
        await Expect(view).ToHaveURLAsync(PathIs("/account"));

        var denied = await view.GotoAsync("/admin/doctors/pending");
        Assert.Equal(403, denied?.Status);
        await Expect(view.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Two-factor authentication needed");

        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Link, new() { Name = "Set up two-factor authentication", Exact = true }));
        await Expect(view).ToHaveURLAsync(PathIs("/account/two-factor"));
        var key = await TurnOnTwoFactorAsync(view);

        await SignInWithTwoFactorAsync(view, DemoAdminEmail, AppPages.DemoPassword, key);
        var pending = await view.GotoAsync("/admin/doctors/pending");
        Assert.Equal(200, pending?.Status);
        await Expect(view.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Doctors awaiting approval");

        var row = view.GetByRole(AriaRole.Row).Filter(new() { HasText = doctor.Email });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("GMC-1234567");
        await Expect(row).ToContainTextAsync("Cardiology");
        await ApproveFromTheListAsync(view, row);
        await Expect(view.GetByRole(AriaRole.Row).Filter(new() { HasText = doctor.Email })).ToHaveCountAsync(0);
    }

    /// <summary>From the doctor's row of the pending list to their review page, where the approval is confirmed and made.</summary>
    internal static async Task ApproveFromTheListAsync(IPage view, ILocator row)
    {
        await AppPages.ClickAndLoadAsync(view, row.GetByRole(AriaRole.Link).Filter(new() { HasTextRegex = new Regex("^Review") }));
        await view.Locator("#Approval_Confirm").CheckAsync();
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }));
        await Expect(view).ToHaveURLAsync(PathIs("/admin/doctors/pending"));
        await Expect(view.GetByRole(AriaRole.Status)).ToContainTextAsync("Approved");
    }

    /// <summary>On the two-factor page: reads the key, types the app's code and gets recovery codes. Returns the key.</summary>
    internal static async Task<byte[]> TurnOnTwoFactorAsync(IPage view)
    {
        var shown = await view.Locator("#shared-key").InnerTextAsync();
        var key = Base32Encoding.ToBytes(shown.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());

        await view.GetByLabel("Code from the app", new() { Exact = true }).FillAsync(new Totp(key).ComputeTotp());
        var response = await AppPages.ClickAndLoadAsync(view,
            view.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor authentication", Exact = true }));

        Assert.Equal(200, response?.Status);
        var notice = view.GetByRole(AriaRole.Status);
        await Expect(notice).ToContainTextAsync("Two-factor authentication is on.");
        await Expect(notice.Locator(".recovery-codes li")).ToHaveCountAsync(10);
        return key;
    }

    /// <summary>Password, then the authenticator code; lands on /account.</summary>
    internal static async Task SignInWithTwoFactorAsync(IPage view, string email, string password, byte[] key)
    {
        await AppPages.SignInAsync(view, email, password);
        await Expect(view).ToHaveURLAsync(PathIs("/account/sign-in/two-factor"));

        // The code of the next 30-second step: the app accepts a step or two of clock drift, and a code other than the
        // one just used to turn two-factor on cannot be refused as a replay, whenever in its step the test runs.
        var code = new Totp(key).ComputeTotp(TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(30));
        await view.GetByLabel("Code from the app, or a recovery code", new() { Exact = true }).FillAsync(code);
        var response = await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }));

        Assert.Equal(200, response?.Status);
        await Expect(view).ToHaveURLAsync(PathIs("/account"));
    }

    private static async Task RegisterAsync(IPage view, NewDoctor doctor)
    {
        await view.GotoAsync("/account/register-doctor");
        await view.GetByLabel("Full name", new() { Exact = true }).FillAsync(doctor.FullName);
        await view.GetByLabel("Date of birth", new() { Exact = true }).FillAsync("1978-09-14");
        await view.GetByLabel("Email address", new() { Exact = true }).FillAsync(doctor.Email);
        await view.GetByLabel("Mobile phone number", new() { Exact = true }).FillAsync(doctor.PhoneAsTyped);
        await view.GetByLabel("Password", new() { Exact = true }).FillAsync(doctor.Password);
        await view.GetByLabel("Professional licence number", new() { Exact = true }).FillAsync("GMC-1234567");
        await view.GetByRole(AriaRole.Group, new() { Name = "Specialties", Exact = true })
            .GetByLabel("Cardiology", new() { Exact = true }).CheckAsync();
        // Index 0 is the "Choose a clinic" placeholder.
        await view.GetByLabel("Clinic", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await view.GetByLabel("I accept the terms of use").CheckAsync();

        var response = await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Register", Exact = true }));

        Assert.Equal(200, response?.Status);
        await Expect(view).ToHaveURLAsync(PathIs("/account/verify-phone"));
    }

    private static string DirectorySearch(string text) => $"/doctors?q={Uri.EscapeDataString(text)}";

    /// <summary>The heading link of the result card for the doctor, if the directory lists them.</summary>
    private static ILocator DoctorCardLink(IPage view, string fullName) =>
        view.GetByRole(AriaRole.Main).GetByRole(AriaRole.Heading, new() { Level = 2 })
            .GetByRole(AriaRole.Link).Filter(new() { HasText = fullName });

    internal static Regex PathIs(string path) => new($"^https?://[^/]+{Regex.Escape(path)}(\\?.*)?$");

    /// <summary>A doctor nobody registered before, with a family name no seeded doctor has.</summary>
    private sealed record NewDoctor(string FullName, string FamilyName, string Email, string PhoneAsTyped, string Password)
    {
        public static NewDoctor Unique()
        {
            var id = Guid.NewGuid().ToString("N");
            // Letters only, so the search term is one word: the hex digits 0-f become the letters a-p.
            var family = "Testdoc" + new string([.. id[..8].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16)))]);
            var subscriber = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
            return new($"Morgan {family}", family, $"doctor.{id}@example.org", $"+44 7400 {subscriber}", "correct horse battery staple");
        }
    }

    [GeneratedRegex(@"/doctors/\d+$")]
    private static partial Regex ProfileUrl();
}
