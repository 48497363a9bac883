using System.Net;
using System.Net.Http.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.Accounts;

/// <summary>The account pages, their messages and the accounts API speak German when asked to (issue 16, ADR 0012).</summary>
public sealed class AccountsGermanTests(GermanOfferedSqliteApp app) : IClassFixture<GermanOfferedSqliteApp>
{
    private const string GermanCookie = ".AspNetCore.Culture=c%3Dde%7Cuic%3Dde";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient GermanBrowser()
    {
        var browser = app.CreateBrowserClient();
        browser.DefaultRequestHeaders.Add("Accept-Language", "de");
        return browser;
    }

    /// <summary>
    /// A signed-in account with a mobile number and the given preferred language: the preference, a claim of the
    /// session, wins over the language cookie for pages (a stored "fr" is passed over).
    /// </summary>
    private async Task<HttpClient> SignedInAsync(string role, string preferredLanguage, string phone)
    {
        var email = await app.CreateAccountAsync(role);
        await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(u => u
            .SetProperty(a => a.PreferredLanguage, preferredLanguage).SetProperty(a => a.PhoneNumber, phone).SetProperty(a => a.PhoneNumberConfirmed, true), Ct));
        var browser = app.CreateBrowserClient();
        browser.DefaultRequestHeaders.Add("Cookie", GermanCookie);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(email, AccountsTestKit.Password)).StatusCode);
        return browser;
    }

    private static async Task<IDocument> PageAsync(HttpClient client, string path) =>
        await (await client.GetAsync(new Uri(path, UriKind.Relative), Ct)).ReadHtmlAsync();

    private static string Text(IDocument page, string selector) => page.QuerySelector(selector)!.TextContent.Trim();

    [Fact]
    public async Task SignInPage_AcceptLanguageGerman_IsGerman()
    {
        var page = await PageAsync(GermanBrowser(), "/account/sign-in");

        Assert.Equal("de", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Anmelden · CareSlot", page.Title);
        Assert.Equal("Anmelden", Text(page, "h1"));
        Assert.Equal("E-Mail-Adresse", Text(page, "label[for=Input_Email]"));
        Assert.Equal("Passwort", Text(page, "label[for=Input_Password]"));
        Assert.Equal("Auf diesem Gerät angemeldet bleiben", Text(page, "label[for=Input_RememberMe]"));
        Assert.Equal("Passwort vergessen?", Text(page, "a[href='/account/forgot-password']"));
    }

    [Fact]
    public async Task SignIn_WrongPassword_TheRefusalIsGerman()
    {
        var email = await app.RegisterVerifiedPatientAsync();

        var refused = await GermanBrowser().SignInAsync(email, "not the password at all");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.StartsWith("E-Mail-Adresse oder Passwort sind nicht richtig.", Text(await refused.ReadHtmlAsync(), ".error-summary"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterPage_InvalidForm_FieldErrorsAndPasswordRulesAreGerman()
    {
        var browser = GermanBrowser();
        var form = await PageAsync(browser, "/account/register");
        Assert.Equal("Patientenkonto anlegen", Text(form, "h1"));
        Assert.Equal("Geburtsdatum", Text(form, "label[for=Input_DateOfBirth]"));
        Assert.Equal("Mobilnummer", Text(form, "label[for=Input_Phone]"));
        Assert.Contains("(Version ", Text(form, "label[for=Input_AcceptTerms]"), StringComparison.Ordinal);

        var response = await browser.SubmitFormAsync("/account/register", new Dictionary<string, string>
        {
            ["Input.FullName"] = "",
            ["Input.DateOfBirth"] = "23.04.1980",
            ["Input.Email"] = "not-an-address",
            ["Input.Phone"] = "+44 20 7946 0000",
            ["Input.Password"] = "xq7#z",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.Equal("Geben Sie Ihren vollständigen Namen ein.", Text(page, "#Input_FullName-error"));
        Assert.Equal("Geben Sie Ihr Geburtsdatum als Jahr-Monat-Tag ein, zum Beispiel 1980-04-23.", Text(page, "#Input_DateOfBirth-error"));
        Assert.Equal("Geben Sie eine E-Mail-Adresse wie name@example.com ein.", Text(page, "#Input_Email-error"));
        Assert.Equal("Geben Sie eine Mobilnummer ein: Wir senden Bestätigungscodes per SMS.", Text(page, "#Input_Phone-error"));
        // Identity's own rule, through the localized error describer.
        Assert.Equal("Ihr Passwort muss mindestens 10 Zeichen lang sein.", Text(page, "#Input_Password-error"));
        Assert.Equal("Um ein Konto anzulegen, akzeptieren Sie bitte die Nutzungsbedingungen und die Datenschutzhinweise.", Text(page, "#Input_AcceptTerms-error"));
    }

    [Theory]
    [InlineData("de", "Die Registrierung ist nicht gültig.", "Geben Sie Ihren vollständigen Namen ein.", "Dieses Passwort gehört zu den 10.000 häufigsten Passwörtern. Wählen Sie eines, das schwerer zu erraten ist.")]
    [InlineData("fr", "The registration is not valid.", "Enter your full name.", "This password is one of the 10,000 most common passwords. Choose one that is harder to guess.")]
    public async Task RegisterApi_InvalidRequest_AnswersInTheAcceptedLanguage_ElseEnglish(string acceptLanguage, string title, string fullName, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/auth/register", UriKind.Relative))
        {
            Content = JsonContent.Create(AccountsTestKit.ValidRegistration() with { FullName = " ", Password = "password123" }),
        };
        request.Headers.Add("Accept-Language", acceptLanguage);

        var problem = await (await app.CreateClient().SendAsync(request, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(title, problem.Title);
        Assert.Equal([fullName], problem.Errors["fullName"]);
        Assert.Equal([password], problem.Errors["password"]);
    }

    [Theory]
    [InlineData("de", "Die Anmeldung ist fehlgeschlagen.", "E-Mail-Adresse oder Passwort sind nicht richtig.")]
    [InlineData("fr", "Sign-in failed.", "The email address or password is not correct.")]
    public async Task LoginApi_WrongPassword_AnswersInTheAcceptedLanguage_ElseEnglish(string acceptLanguage, string title, string detail)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/auth/login", UriKind.Relative))
        {
            Content = JsonContent.Create(new LoginRequest($"nobody-{Guid.NewGuid():N}@example.com", "wrong password", null)),
        };
        request.Headers.Add("Accept-Language", acceptLanguage);

        var problem = await (await app.CreateClient().SendAsync(request, Ct)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(title, problem.Title);
        Assert.StartsWith(detail, problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_InGerman_ThePreferenceIsGerman_AndTheMessagesToo()
    {
        var registration = AccountsTestKit.ValidRegistration() with { Phone = "+44 7400 123177" };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/auth/register", UriKind.Relative)) { Content = JsonContent.Create(registration) };
        request.Headers.Add("Accept-Language", "de");

        Assert.Equal(HttpStatusCode.Created, (await app.CreateClient().SendAsync(request, Ct)).StatusCode);

        Assert.Equal("de", await app.WithDbAsync(db => db.Users.Where(u => u.Email == registration.Email).Select(u => u.PreferredLanguage).SingleAsync(Ct)));
        var email = await app.LastMessageToAsync(registration.Email!, MailboxMessageKind.Email);
        Assert.Contains("Bestätigen Sie Ihre E-Mail-Adresse für CareSlot", email.Entry.Summary, StringComparison.Ordinal);
        Assert.Contains("Guten Tag Ada Testperson,", email.Body, StringComparison.Ordinal);
        var sms = await app.LastMessageToAsync("+447400123177", MailboxMessageKind.Sms);
        Assert.Contains("ist Ihr CareSlot-Bestätigungscode", sms.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProfilePage_OffersTheSiteLanguages_EachInItsOwnName_AnOldPreferenceShowsEnglish()
    {
        var browser = await SignedInAsync(Roles.Patient, "fr", "+447400123161");

        var page = await PageAsync(browser, "/account/profile");

        Assert.Equal("Ihr Profil", Text(page, "h1"));
        Assert.Equal("Sprache", Text(page, "label[for=Input_PreferredLanguage]"));
        Assert.Equal("Für Seiten, E-Mails und SMS.", Text(page, "#Input_PreferredLanguage-hint"));
        var options = page.QuerySelectorAll("#Input_PreferredLanguage option").OfType<IHtmlOptionElement>().ToList();
        Assert.Equal(["en", "de"], options.Select(o => o.Value));
        Assert.Equal(["English", "Deutsch"], options.Select(o => o.Text.Trim()));
        Assert.Equal("en", Assert.Single(options, o => o.IsSelected).Value);
    }

    [Fact]
    public async Task Profile_LanguageTheSiteHasNoTextFor_IsAGermanFieldError()
    {
        var browser = await SignedInAsync(Roles.Patient, "de", "+447400123162");

        var response = await browser.SubmitFormAsync("/account/profile", new Dictionary<string, string>
        {
            ["Input.FullName"] = "Ada Testperson",
            ["Input.Phone"] = "+44 7400 123162",
            ["Input.PreferredLanguage"] = "fr",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.Equal("Wählen Sie eine Sprache aus der Liste.", Text(page, "#Input_PreferredLanguage-error"));
        Assert.Equal("true", page.QuerySelector("#Input_PreferredLanguage")!.GetAttribute("aria-invalid"));
    }

    /// <summary>Doctors have the same profile page, and so the same language preference.</summary>
    [Fact]
    public async Task ProfilePage_ForADoctor_SavesTheLanguage_AndTheNoticeIsInIt()
    {
        var doctor = await SignedInAsync(Roles.Doctor, "en", "+447400123163");
        var profile = await PageAsync(doctor, "/account/profile");
        Assert.Equal("en", profile.DocumentElement.GetAttribute("lang")); // the doctor's preference, not the cookie
        var fields = profile.QuerySelectorAll("main form[method=post] input[name^='Input.']").OfType<IHtmlInputElement>()
            .Where(i => i.Type != "checkbox" || i.IsChecked).ToDictionary(i => i.Name!, i => i.Value);
        Assert.Equal(["en", "de"], profile.QuerySelectorAll("#Input_PreferredLanguage option").Select(o => o.GetAttribute("value")!));
        fields["Input.PreferredLanguage"] = "de";

        var saved = await doctor.SubmitFormAsync("/account/profile", fields);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await PageAsync(doctor, "/account/profile");
        Assert.Equal("de", after.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Gespeichert.", Text(after, ".notice"));
        Assert.Equal("de", Assert.Single(after.QuerySelectorAll("#Input_PreferredLanguage option").OfType<IHtmlOptionElement>(), o => o.IsSelected).Value);
    }

    [Theory]
    [InlineData("/account/forgot-password", "Passwort vergessen?")]
    [InlineData("/account/verify-phone", "Konto bestätigen")]
    [InlineData("/account/reset-password", "Neues Passwort festlegen")]
    [InlineData("/account/sign-out", "Abmelden")]
    [InlineData("/account/verify-email?token=nonsense", "E-Mail-Adresse nicht bestätigt")]
    public async Task PublicAccountPages_InGerman_HaveGermanHeadings(string path, string heading)
    {
        Assert.Equal(heading, Text(await PageAsync(GermanBrowser(), path), "h1"));
    }

    [Fact]
    public async Task AccountAndTwoFactorPages_InGerman_AreGerman()
    {
        var patient = await SignedInAsync(Roles.Patient, "de", "+447400123164");

        var account = await PageAsync(patient, "/account");
        var twoFactor = await PageAsync(patient, "/account/two-factor");

        Assert.Equal("Ihr Konto", Text(account, "h1"));
        Assert.Equal("Auf allen Geräten abmelden", Text(account, "form[action*=Everywhere] button"));
        Assert.Equal("Zwei-Faktor-Authentifizierung", Text(twoFactor, "h1"));
        Assert.Equal("Zwei-Faktor-Authentifizierung einschalten", Text(twoFactor, "main form button"));
        Assert.Equal("Code aus der App", Text(twoFactor, "label[for=Code]"));
    }
}
