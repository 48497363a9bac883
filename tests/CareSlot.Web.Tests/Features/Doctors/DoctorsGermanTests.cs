using System.Net;
using System.Net.Http.Json;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using CareSlot.Web.Tests.Platform.Web;

namespace CareSlot.Web.Tests.Features.Doctors;

/// <summary>The directory, the doctors' pages and their API answers in German when German is asked for, in English otherwise (issue 16).</summary>
public sealed class DoctorsGermanTests(GermanOfferedSqliteApp app) : IClassFixture<GermanOfferedSqliteApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpClient Speaking(HttpClient client, string language)
    {
        client.DefaultRequestHeaders.Add("Accept-Language", language);
        return client;
    }

    private async Task<AngleSharp.Dom.IDocument> GermanPageAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Speaking(app.CreateClient(), "de").GetAsync(new Uri(url, UriKind.Relative), Ct);
        Assert.Equal(expected, response.StatusCode);
        return await response.ReadHtmlAsync();
    }

    [Fact]
    public async Task Directory_InGerman_NamesSpecialtiesAndLanguagesInGerman()
    {
        var page = await GermanPageAsync("/doctors?specialty=cardiology&city=berlin");

        Assert.Equal("Kardiologie in berlin", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("Kardiologie in berlin · CareSlot", page.Title);
        Assert.Matches("^(1 Arzt|[0-9]+ Ärzte) gefunden$", page.QuerySelector(".result-count")!.TextContent.Trim());
        Assert.Equal("Kardiologie", page.QuerySelector("#specialty option[selected]")!.TextContent);
        var cards = page.QuerySelectorAll(".card");
        Assert.NotEmpty(cards);
        Assert.All(cards, card =>
        {
            Assert.Contains("Kardiologie", card.QuerySelector(".card__meta")!.TextContent, StringComparison.Ordinal);
            // Every demo doctor speaks English, named in the reader's language.
            Assert.Contains("Spricht ", card.TextContent, StringComparison.Ordinal);
            Assert.Contains("Englisch", card.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain("Cardiology", card.TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Directory_InGerman_ManyPages_PagerAndEmptySearchSpeakGerman()
    {
        var paged = await GermanPageAsync("/doctors?pageSize=5&page=2");
        var empty = await GermanPageAsync("/doctors?q=zzzznobody");
        var refused = await GermanPageAsync("/doctors?page=0", HttpStatusCode.BadRequest);

        Assert.Matches("^[0-9]+ Ärzte gefunden · Seite 2 von [0-9]+$", paged.QuerySelector(".result-count")!.TextContent.Trim());
        Assert.Equal("Ergebnisseiten", paged.QuerySelector("nav.pager")!.GetAttribute("aria-label"));
        Assert.Equal("Vorherige Seite", paged.QuerySelector("a[rel=prev]")!.GetAttribute("aria-label"));
        Assert.Equal("Nächste", paged.QuerySelector("a[rel=next]")!.TextContent);
        Assert.Equal("0 Ärzte gefunden", empty.QuerySelector(".result-count")!.TextContent.Trim());
        Assert.StartsWith("Kein Arzt passt zu dieser Suche.", empty.QuerySelector("main .result-count + p")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("„page“ muss eine ganze Zahl von 1 bis", refused.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Arzt finden", refused.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task Profile_InGerman_HeadingsFactsAndSpecialtiesInGerman()
    {
        var directory = await GermanPageAsync("/doctors?specialty=cardiology");
        var link = directory.QuerySelector(".card__title a")!;

        var page = await GermanPageAsync(link.GetAttribute("href")!);

        Assert.Equal(link.TextContent, page.QuerySelector("h1")!.TextContent);
        Assert.Equal("Arzt finden", page.QuerySelector(".breadcrumb a")!.TextContent);
        Assert.Contains("Kardiologie", page.QuerySelector(".lead")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Zur Person", page.QuerySelector("#about-title")!.TextContent);
        Assert.Equal("Sprachen", page.QuerySelector(".facts dt")!.TextContent);
        Assert.Contains("Englisch", page.QuerySelector(".facts dd")!.TextContent, StringComparison.Ordinal);
        Assert.Equal($"Wo {link.TextContent} praktiziert", page.QuerySelector("#clinics-title")!.TextContent);
        Assert.StartsWith("Die Uhrzeiten gelten in der Zeitzone der Praxis, ", page.QuerySelector("#clinics-title + ul .card__meta")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterPage_InGerman_LabelsAndTheDirectorysOwnErrorsInGerman()
    {
        var browser = Speaking(app.CreateBrowserClient(), "de");
        var form = await (await browser.GetAsync(new Uri("/account/register-doctor", UriKind.Relative), Ct)).ReadHtmlAsync();

        Assert.Equal("Als Arzt registrieren", form.QuerySelector("h1")!.TextContent);
        Assert.Equal("Zulassungsnummer", form.QuerySelector("label[for=Input_LicenceNumber]")!.TextContent);
        Assert.Equal("Praxis wählen", form.QuerySelector("#Input_ClinicId option[value='']")!.TextContent);
        // Specialties in German, in German alphabetical order.
        var specialties = form.QuerySelectorAll("#Input_Specialties label").Select(l => l.TextContent).ToList();
        Assert.Equal("Allgemeinmedizin", specialties[0]);
        Assert.Contains("Kinder- und Jugendmedizin", specialties);
        Assert.Equal(specialties.Order(StringComparer.Create(new System.Globalization.CultureInfo("de"), false)), specialties);

        var refused = await browser.SubmitFormAsync("/account/register-doctor", new Dictionary<string, string> { ["Input.LicenceNumber"] = " " });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await refused.ReadHtmlAsync();
        Assert.Equal("Geben Sie Ihre Zulassungsnummer ein.", page.QuerySelector("#Input_LicenceNumber-error")!.TextContent.Trim());
        Assert.Equal("Wählen Sie mindestens ein Fachgebiet.", page.QuerySelector("#Input_Specialties-error")!.TextContent.Trim());
        Assert.Equal("Wählen Sie die Praxis, in der Sie tätig sind.", page.QuerySelector("#Input_ClinicId-error")!.TextContent.Trim());
    }

    [Fact]
    public async Task EditProfile_InGerman_LabelsAndErrorsInGerman()
    {
        var doctor = await app.SignInAsync(Caller.DoctorWithSecondFactor);
        // A signed-in person's own preference comes first: they choose German as the switcher lets them.
        var browser = doctor.Browser;
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostPageAsync("/language", new Dictionary<string, string> { ["Culture"] = "de", ["ReturnUrl"] = "/" })).StatusCode);
        var form = await (await browser.GetAsync(new Uri("/account/doctor-profile", UriKind.Relative), Ct)).ReadHtmlAsync();

        Assert.Equal("Ihr öffentliches Profil", form.QuerySelector("h1")!.TextContent);
        Assert.Equal("Sprachen, in denen Sie behandeln", form.QuerySelector("#Input_Languages legend")!.TextContent);
        Assert.Equal("Deutsch", form.QuerySelector("label[for=language-de]")!.TextContent);
        Assert.Equal("Hals-Nasen-Ohren-Heilkunde", form.QuerySelector("label[for=specialty-ent]")!.TextContent);
        Assert.Equal("Speichern", form.QuerySelector("main form button[type=submit]")!.TextContent);

        var refused = await browser.SubmitFormAsync("/account/doctor-profile", new Dictionary<string, string>
        {
            ["Input.Title"] = "Sir",
            ["Input.Specialties"] = "astrology",
            ["Input.LicenceNumber"] = "",
        });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await refused.ReadHtmlAsync();
        Assert.Equal("Wählen Sie einen Titel aus der Liste.", page.QuerySelector("#Input_Title-error")!.TextContent.Trim());
        Assert.Equal("Wählen Sie mindestens ein Fachgebiet aus der Liste.", page.QuerySelector("#Input_Specialties-error")!.TextContent.Trim());
        Assert.Equal("Geben Sie Ihre Zulassungsnummer ein (höchstens 64 Zeichen).", page.QuerySelector("#Input_LicenceNumber-error")!.TextContent.Trim());
    }

    [Theory]
    [InlineData("de", "Die Suchparameter sind nicht gültig.", "„page“ muss eine ganze Zahl von 1 bis 21474836 sein.", "„visit“ ist einer dieser Werte: any, in-person, video.")]
    [InlineData("fr", "The search parameters are not valid.", "'page' must be a whole number from 1 to 21474836.", "'visit' is one of: any, in-person, video.")]
    public async Task SearchApi_BadParameters_ProblemInTheAskedLanguage_ElseEnglish(string language, string title, string page, string visit)
    {
        var response = await Speaking(app.CreateClient(), language).GetAsync(new Uri("/api/v1/doctors?page=0&visit=walk", UriKind.Relative), Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(title, problem.Title);
        Assert.Equal([page], problem.Errors["page"]);
        Assert.Equal([visit], problem.Errors["visit"]);
    }

    [Theory]
    [InlineData("de", "Arzt nicht gefunden.", "Im Verzeichnis gibt es keinen Arzt mit der ID „abc“.")]
    [InlineData("fr", "Doctor not found.", "There is no listed doctor with id 'abc'.")]
    public async Task ProfileApi_NoSuchDoctor_ProblemInTheAskedLanguage_ElseEnglish(string language, string title, string detail)
    {
        var response = await Speaking(app.CreateClient(), language).GetAsync(new Uri("/api/v1/doctors/abc", UriKind.Relative), Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(title, problem.Title);
        Assert.Equal(detail, problem.Detail);
    }

    [Theory]
    [InlineData("de", "Die Registrierung ist nicht gültig.", "Geben Sie Ihre Zulassungsnummer ein.")]
    [InlineData("fr", "The registration is not valid.", "Enter your professional licence number.")]
    public async Task RegisterApi_NoLicence_ProblemInTheAskedLanguage_ElseEnglish(string language, string title, string licence)
    {
        var person = AccountsTestKit.ValidRegistration();
        var request = new RegisterDoctorRequest(person.FullName, person.DateOfBirth, person.Email, person.Phone, person.Password, true,
            " ", ["cardiology"], 1);

        var response = await Speaking(app.CreateClient(), language).PostAsJsonAsync("/api/v1/auth/register-doctor", request, Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(title, problem.Title);
        Assert.Equal([licence], problem.Errors["licenceNumber"]);
    }
}
