using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Web;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CareSlot.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed partial class JourneyTests(BrowserApp app)
{
    [Fact]
    public async Task SearchAndOpenProfile_WithoutJavaScript_ShowsCardiologistInBerlin()
    {
        await using var context = await app.NewContextAsync(1280, 800, javaScriptEnabled: false);
        var view = await context.NewPageAsync();
        await view.GotoAsync("/");

        await view.GetByLabel("Specialty", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Cardiology" });
        await view.GetByLabel("City or postcode", new() { Exact = true }).FillAsync("Berlin");
        await view.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        await Expect(view).ToHaveURLAsync(CardiologyInBerlinUrl());
        await Expect(view.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Cardiology in Berlin");
        await Expect(view.GetByRole(AriaRole.Status)).ToContainTextAsync(FoundSomeDoctors());

        var firstDoctor = AppPages.FirstDoctorLink(view);
        var name = await firstDoctor.InnerTextAsync();
        await firstDoctor.ClickAsync();

        await Expect(view).ToHaveURLAsync(ProfileUrl());
        await Expect(view.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
        await Expect(view.GetByRole(AriaRole.Main)).ToContainTextAsync("Cardiology");
    }

    [Fact]
    public async Task FirstTab_OnHome_FocusesSkipLinkThatMovesFocusToMain()
    {
        await using var context = await app.NewContextAsync(1280, 800);
        var view = await context.NewPageAsync();
        await view.GotoAsync("/");

        await view.Keyboard.PressAsync("Tab");

        var skipLink = view.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" });
        await Expect(skipLink).ToBeFocusedAsync();
        await Expect(skipLink).ToBeInViewportAsync();

        await view.Keyboard.PressAsync("Enter");
        await Expect(view.GetByRole(AriaRole.Main)).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Directory_WithPageZero_Returns400WithMessage()
    {
        await using var context = await app.NewContextAsync(1280, 800);
        var view = await context.NewPageAsync();

        var response = await view.GotoAsync("/doctors?page=0");

        Assert.Equal(400, response?.Status);
        await Expect(view.GetByText("'page' must be a whole number")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Register_ThenVerifyByEmailLink_SignsInAndOut()
    {
        await using var context = await app.NewContextAsync(1280, 800);
        var view = await context.NewPageAsync();
        var patient = NewPatient.Unique();

        await RegisterAsync(view, patient);
        await app.VerifyEmailAsync(view, patient.Email);

        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }));
        await Expect(view).ToHaveURLAsync(PathIs("/account/sign-in"));
        var account = await AppPages.SignInAsync(view, patient.Email, patient.Password);

        Assert.Equal(200, account?.Status);
        await Expect(view).ToHaveURLAsync(PathIs("/account"));
        await Expect(Fact(view, "Name")).ToHaveTextAsync(patient.FullName);
        await Expect(Fact(view, "Email")).ToHaveTextAsync($"{patient.Email} (verified)");
        await Expect(Fact(view, "Mobile")).ToHaveTextAsync($"{patient.PhoneAsTyped} (not verified)");

        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }));
        await Expect(view).ToHaveURLAsync(PathIs("/"));
        await Expect(view.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Register_ThenVerifyBySmsCode_WithoutJavaScript_SignsIn()
    {
        await using var context = await app.NewContextAsync(1280, 800, javaScriptEnabled: false);
        var view = await context.NewPageAsync();
        var patient = NewPatient.Unique();

        await RegisterAsync(view, patient);

        // The patient reads the text message in a second tab and keeps the verification page open.
        var sms = await SentSms.ReadAsync(context, patient.PhoneE164);
        var code = SixDigitCode().Match(sms);
        Assert.True(code.Success, $"No 6-digit code in the text message: {sms}");

        await view.GetByLabel("Code from the SMS", new() { Exact = true }).FillAsync(code.Value);
        var signInPage = await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }));

        Assert.Equal(200, signInPage?.Status);
        await Expect(view).ToHaveURLAsync(PathIs("/account/sign-in"));
        await Expect(view.GetByRole(AriaRole.Status)).ToContainTextAsync("Your phone number is verified");

        var account = await AppPages.SignInAsync(view, patient.Email, patient.Password);
        Assert.Equal(200, account?.Status);
        await Expect(view).ToHaveURLAsync(PathIs("/account"));
        await Expect(Fact(view, "Name")).ToHaveTextAsync(patient.FullName);
        await Expect(Fact(view, "Mobile")).ToHaveTextAsync($"{patient.PhoneAsTyped} (verified)");
        await Expect(Fact(view, "Email")).ToHaveTextAsync($"{patient.Email} (not verified)");
    }

    [Fact]
    public async Task RegisterWithErrors_ErrorSummaryLinksPointAtLabelledFields()
    {
        await using var context = await app.NewContextAsync(1280, 800);
        var view = await context.NewPageAsync();
        await AppPages.OpenRegisterWithErrorsAsync(view);

        var links = view.Locator(".error-summary a[href^='#']");
        var hrefs = await links.EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");

        // Full name, date of birth, email, phone, password and the terms: each one is missing.
        Assert.Equal(6, hrefs.Length);
        foreach (var href in hrefs)
        {
            var id = href[1..];
            Assert.False(string.IsNullOrEmpty(id), "An error summary link points at '#', not at a field.");
            var field = view.Locator($"[id='{id}']");
            await Expect(field).ToHaveCountAsync(1);
            Assert.Equal("INPUT", await field.EvaluateAsync<string>("e => e.tagName"));
            await Expect(view.Locator($"label[for='{id}']")).ToHaveCountAsync(1);
            await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        }
    }

    /// <summary>Fills the registration form and checks it lands on the verification page for that address.</summary>
    private static async Task RegisterAsync(IPage view, NewPatient patient)
    {
        await view.GotoAsync("/account/register");
        await view.GetByLabel("Full name", new() { Exact = true }).FillAsync(patient.FullName);
        await view.GetByLabel("Date of birth", new() { Exact = true }).FillAsync("1985-04-23");
        await view.GetByLabel("Email address", new() { Exact = true }).FillAsync(patient.Email);
        await view.GetByLabel("Mobile phone number", new() { Exact = true }).FillAsync(patient.PhoneAsTyped);
        await view.GetByLabel("Password", new() { Exact = true }).FillAsync(patient.Password);
        await view.GetByLabel("I accept the terms of use").CheckAsync();

        var response = await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Create account" }));

        Assert.Equal(200, response?.Status);
        await Expect(view).ToHaveURLAsync(PathIs("/account/verify-phone"));
        var query = HttpUtility.ParseQueryString(new Uri(view.Url).Query);
        Assert.Equal(patient.Email, query["email"]);
        Assert.Equal("true", query["registered"], ignoreCase: true);
        await Expect(view.GetByRole(AriaRole.Status)).ToContainTextAsync("Your account is created");
        await Expect(view.GetByLabel("Email address", new() { Exact = true })).ToHaveValueAsync(patient.Email);
    }

    /// <summary>The value next to a label in the account summary (a dl of dt/dd pairs).</summary>
    private static ILocator Fact(IPage view, string label) =>
        view.GetByRole(AriaRole.Main).Locator($"dt:text-is('{label}') + dd");

    private static Regex PathIs(string path) => new($"^https?://[^/]+{Regex.Escape(path)}(\\?.*)?$");

    /// <summary>A patient nobody registered before: a fresh e-mail address and mobile number per test.</summary>
    private sealed record NewPatient(string FullName, string Email, string PhoneAsTyped, string PhoneE164, string Password)
    {
        public static NewPatient Unique()
        {
            var id = Guid.NewGuid().ToString("N");
            // UK mobile numbers +44 7400 nnnnnn are valid for libphonenumber (7700 900nnn, the drama range, is not).
            var subscriber = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
            return new($"Robin Tester {id[..6]}", $"robin.{id}@example.org", $"+44 7400 {subscriber}", $"+447400{subscriber}",
                "correct horse battery staple");
        }
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigitCode();

    [GeneratedRegex(@"/doctors\?specialty=cardiology&city=Berlin(&|$)")]
    private static partial Regex CardiologyInBerlinUrl();

    [GeneratedRegex(@"\b[1-9]\d* doctors? found")]
    private static partial Regex FoundSomeDoctors();

    [GeneratedRegex(@"/doctors/\d+$")]
    private static partial Regex ProfileUrl();
}
