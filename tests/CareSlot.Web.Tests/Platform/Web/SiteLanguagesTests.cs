using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Web;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace CareSlot.Web.Tests.Platform.Web;

/// <summary>German offered, as an installation would once its translation is complete.</summary>
public sealed class GermanOfferedSqliteApp : SqliteApp
{
    protected override Dictionary<string, string?> ExtraSettings => new(base.ExtraSettings)
    {
        [$"{SiteLanguages.Setting}:0"] = "de",
    };
}

/// <summary>An installation that offers English alone (<c>Site:Languages</c> lists none besides it).</summary>
public sealed class EnglishOnlySqliteApp : SqliteApp
{
    protected override Dictionary<string, string?> ExtraSettings => new(base.ExtraSettings)
    {
        [$"{SiteLanguages.Setting}:0"] = SiteLanguages.Default,
    };
}

/// <summary>Which language a page is answered in, and that every language has every text (ADR 0012).</summary>
public sealed partial class SiteLanguagesTests(GermanOfferedSqliteApp german, EnglishOnlySqliteApp englishOnly, SqliteApp byDefault)
    : IClassFixture<GermanOfferedSqliteApp>, IClassFixture<EnglishOnlySqliteApp>, IClassFixture<SqliteApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(string Lang, string Nav)> HomeAsync(CareSlotApp app, Action<HttpRequestMessage> configure)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        configure(request);
        using var response = await app.CreateClient().SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        return (page.DocumentElement.GetAttribute("lang")!, page.QuerySelector("header nav")!.TextContent);
    }

    [Theory]
    [InlineData("de", "de")]
    [InlineData("de-AT,de;q=0.9,en;q=0.8", "de")]
    [InlineData("fr-FR,fr;q=0.9", "en")]
    [InlineData("en-GB", "en")]
    public async Task AcceptLanguage_ChoosesAnOfferedLanguage_ElseEnglish(string acceptLanguage, string expected)
    {
        var (lang, nav) = await HomeAsync(german, r => r.Headers.Add("Accept-Language", acceptLanguage));

        Assert.Equal(expected, lang);
        Assert.Contains(expected == "de" ? "Arzt finden" : "Find a doctor", nav, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HomePage_InGerman_HasNoEnglishLeftInItsOwnText()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        request.Headers.Add("Accept-Language", "de");
        var page = await (await german.CreateClient().SendAsync(request, Ct)).ReadHtmlAsync();

        Assert.Equal("Finden Sie einen Arzt in Ihrer Nähe", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("Arzt finden und Termin buchen · CareSlot", page.Title);
        Assert.Equal("Suchen", page.QuerySelector("form[role=search] button")!.TextContent.Trim());
        Assert.Equal("Zum Hauptinhalt springen", page.QuerySelector(".skip-link")!.TextContent.Trim());
    }

    [Fact]
    public async Task LanguageCookie_WinsOverAcceptLanguage()
    {
        var (lang, nav) = await HomeAsync(german, r =>
        {
            r.Headers.Add("Accept-Language", "en");
            r.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Dde%7Cuic%3Dde");
        });

        Assert.Equal("de", lang);
        Assert.Contains("Arzt finden", nav, StringComparison.Ordinal);
    }

    /// <summary>German is complete (the pseudo-language walk and the completeness tests say so), so an installation offers it unless told otherwise.</summary>
    [Fact]
    public async Task ByDefault_GermanIsOffered()
    {
        var (lang, nav) = await HomeAsync(byDefault, r => r.Headers.Add("Accept-Language", "de-DE,de;q=0.9"));

        Assert.Equal("de", lang);
        Assert.Contains("Arzt finden", nav, StringComparison.Ordinal);
    }

    /// <summary>
    /// A doctor's public page speaks their clinic's country's language when neither the person nor the browser names an
    /// offered one; any choice they made wins.
    /// </summary>
    [Theory]
    [InlineData("DE", null, "de")]
    [InlineData("DE", "fr-FR,fr;q=0.9", "de")]
    [InlineData("DE", "en", "en")]
    [InlineData("GB", null, "en")]
    [InlineData("GB", "de", "de")]
    public async Task DoctorsPage_NoLanguageChosen_SpeaksTheClinicsLanguage(string country, string? acceptLanguage, string expected)
    {
        var doctorId = await german.WithDbAsync(db => db.Doctors.Where(d => d.IsListed && d.Clinics.OrderBy(c => c.Id).First().CountryCode == country)
            .Select(d => d.Id).FirstAsync(Ct));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/doctors/{doctorId}", UriKind.Relative));
        if (acceptLanguage is not null) request.Headers.Add("Accept-Language", acceptLanguage);
        var page = await (await german.CreateClient().SendAsync(request, Ct)).ReadHtmlAsync();

        Assert.Equal(expected, page.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task ClinicsLanguage_OnlyOnADoctorsPage()
    {
        var home = await (await german.CreateClient().GetAsync(new Uri("/doctors?city=Berlin", UriKind.Relative), Ct)).ReadHtmlAsync();

        Assert.Equal("en", home.DocumentElement.GetAttribute("lang"));
    }

    /// <summary>An installation that offers English alone answers in it whatever the browser asks.</summary>
    [Fact]
    public async Task LanguageNotOffered_IsAnsweredInEnglish()
    {
        var (lang, nav) = await HomeAsync(englishOnly, r => r.Headers.Add("Accept-Language", "de"));

        Assert.Equal("en", lang);
        Assert.Contains("Find a doctor", nav, StringComparison.Ordinal);
    }

    [Fact]
    public void Offered_EnglishAlwaysFirst_UnknownLanguagesRefusedAtStartUp()
    {
        static IConfiguration Config(params string[] languages) => new ConfigurationBuilder()
            .AddInMemoryCollection(languages.Select((l, i) => new KeyValuePair<string, string?>($"{SiteLanguages.Setting}:{i}", l))).Build();

        Assert.Equal(["en", "de"], SiteLanguages.Offered(Config("de", "EN", "de")));
        Assert.Equal(["en"], SiteLanguages.Offered(Config()));
        var refused = Assert.Throws<InvalidOperationException>(() => new Microsoft.Extensions.DependencyInjection.ServiceCollection()
            .AddSiteLanguages(Config("de", "fr")));
        Assert.Contains("fr", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switcher_OnEveryPage_PostsTheLanguage_WhichTheCookieKeeps()
    {
        var browser = german.CreateBrowserClient();
        var home = await (await browser.GetAsync(new Uri("/doctors?specialty=cardiology", UriKind.Relative), Ct)).ReadHtmlAsync();
        var switcher = home.QuerySelector("form.language-switcher")!;
        Assert.Equal(["en", "de"], switcher.QuerySelectorAll("button[name=Culture]").Select(b => b.GetAttribute("value")!));
        Assert.Equal("Deutsch", switcher.QuerySelector("button[value=de]")!.TextContent.Trim());
        Assert.Equal("de", switcher.QuerySelector("button[value=de]")!.GetAttribute("lang"));

        var chosen = await browser.PostPageAsync("/language", new Dictionary<string, string>
        {
            ["Culture"] = "de",
            ["ReturnUrl"] = switcher.QuerySelector("input[name=ReturnUrl]")!.GetAttribute("value")!,
        });

        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal("/doctors?specialty=cardiology", chosen.Headers.Location!.OriginalString);
        var cookie = Assert.Single(chosen.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        var after = await (await browser.GetAsync(new Uri("/", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal("de", after.DocumentElement.GetAttribute("lang"));
        Assert.Equal("true", after.QuerySelector("form.language-switcher button[value=de]")!.GetAttribute("aria-current"));
    }

    [Theory]
    [InlineData("https://elsewhere.example/")]
    [InlineData("//elsewhere.example/")]
    [InlineData("")]
    public async Task Switcher_ReturnsOnlyToThisSite(string returnUrl)
    {
        var chosen = await german.CreateBrowserClient().PostPageAsync("/language", new Dictionary<string, string> { ["Culture"] = "de", ["ReturnUrl"] = returnUrl });

        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal("/", chosen.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("")]
    public async Task Switcher_LanguageNotOffered_IsAFieldError(string culture)
    {
        var refused = await englishOnly.CreateBrowserClient().PostPageAsync("/language", new Dictionary<string, string> { ["Culture"] = culture, ["ReturnUrl"] = "/" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Set-Cookie") && refused.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal)));
        var page = await refused.ReadHtmlAsync();
        Assert.Equal("Choose one of the languages listed.", page.QuerySelector("#Culture-error")!.TextContent.Trim());
    }

    [Fact]
    public async Task OneLanguageOffered_NoSwitcher_ThePageListsIt()
    {
        var home = await (await englishOnly.CreateClient().GetAsync(new Uri("/", UriKind.Relative), Ct)).ReadHtmlAsync();
        var page = await (await englishOnly.CreateClient().GetAsync(new Uri("/language", UriKind.Relative), Ct)).ReadHtmlAsync();

        Assert.Null(home.QuerySelector("form.language-switcher"));
        Assert.Equal(["en"], page.QuerySelectorAll("#Culture option").Select(o => o.GetAttribute("value")!));
        Assert.Equal("Language · CareSlot", page.Title);
    }

    [Fact]
    public async Task SignedIn_ThePreferenceWins_OverTheBrowser_AndTheSwitcherSavesIt()
    {
        var doctor = await german.SignInAsync(Caller.DoctorWithSecondFactor);
        static async Task<string> LangAsync(HttpClient browser, string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            request.Headers.Add("Accept-Language", "en");
            return (await (await browser.SendAsync(request, Ct)).ReadHtmlAsync()).DocumentElement.GetAttribute("lang")!;
        }
        Assert.Equal("en", await LangAsync(doctor.Browser, "/"));

        var chosen = await doctor.Browser.PostPageAsync("/language", new Dictionary<string, string> { ["Culture"] = "de", ["ReturnUrl"] = "/account/schedule" });

        Assert.Equal("/account/schedule", chosen.Headers.Location!.OriginalString);
        var me = await doctor.Bearer.GetFromJsonAsync<MyAccount>(new Uri("/api/v1/me", UriKind.Relative), Ct);
        Assert.Equal("de", await german.WithDbAsync(db => db.Users.Where(u => u.Id == me!.Id).Select(u => u.PreferredLanguage).SingleAsync(Ct)));
        // The renewed session keeps its second factor: the schedule needs it.
        Assert.Equal(HttpStatusCode.OK, (await doctor.Browser.GetAsync(new Uri("/account/schedule", UriKind.Relative), Ct)).StatusCode);
        // Without the cookie, on a new sign-in: the profile's preference still speaks German, whatever the browser asks for.
        var elsewhere = german.CreateBrowserClient();
        await elsewhere.SignInWithTwoFactorAsync(german, me!.Email);
        Assert.Equal("de", await LangAsync(elsewhere, "/"));
    }

    [Fact]
    public async Task Profile_LanguageChanged_TheNextPageSpeaksIt()
    {
        var email = await german.RegisterVerifiedPatientAsync();
        var browser = german.CreateBrowserClient();
        await browser.SignInAsync(email, AccountsTestKit.Password);
        var profile = await (await browser.GetAsync(new Uri("/account/profile", UriKind.Relative), Ct)).ReadHtmlAsync();
        var fields = profile.QuerySelectorAll("main form[method=post] input[name^='Input.']").OfType<AngleSharp.Html.Dom.IHtmlInputElement>()
            .Where(i => i.Type != "checkbox" || i.IsChecked).ToDictionary(i => i.Name!, i => i.Value);
        fields["Input.PreferredLanguage"] = "de";

        var saved = await browser.SubmitFormAsync("/account/profile", fields);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        request.Headers.Add("Accept-Language", "en");
        Assert.Equal("de", (await (await browser.SendAsync(request, Ct)).ReadHtmlAsync()).DocumentElement.GetAttribute("lang"));
    }

    public static TheoryData<string> Translations => [.. ResourceFiles().Where(f => Regex.IsMatch(Path.GetFileName(f), @"\.[a-z]{2}\.resx$"))];

    /// <summary>Every English text has its translation and every translation an English text, with the same placeholders.</summary>
    [Theory]
    [MemberData(nameof(Translations))]
    public void Translation_HasEveryKeyOfTheEnglishText_WithTheSamePlaceholders(string translation)
    {
        var english = Texts(Regex.Replace(translation, @"\.[a-z]{2}\.resx$", ".resx"));
        var translated = Texts(translation);

        Assert.Empty(english.Keys.Except(translated.Keys));
        Assert.Empty(translated.Keys.Except(english.Keys));
        Assert.All(english, text => Assert.Equal(Placeholders(text.Value), Placeholders(translated[text.Key])));
        Assert.All(translated, text => Assert.False(string.IsNullOrWhiteSpace(text.Value), $"'{text.Key}' has no translation"));
    }

    [Fact]
    public void EveryEnglishText_HasATranslationForEveryKnownLanguage()
    {
        var english = ResourceFiles().Where(f => !Regex.IsMatch(Path.GetFileName(f), @"\.[a-z]{2}\.resx$")).ToList();

        Assert.NotEmpty(english);
        Assert.All(english, file => Assert.All(SiteLanguages.Known.Where(l => l != SiteLanguages.Default),
            language => Assert.True(File.Exists(Path.ChangeExtension(file, $".{language}.resx")), $"{file} has no {language} translation")));
    }

    private static IEnumerable<string> ResourceFiles() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src", "CareSlot.Web"), "*.resx", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static Dictionary<string, string> Texts(string file) =>
        XDocument.Load(file).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    private static List<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal)];

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CareSlot.slnx"))) return directory.FullName;
        }
        throw new InvalidOperationException("The repository root (CareSlot.slnx) was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex Placeholder();
}
