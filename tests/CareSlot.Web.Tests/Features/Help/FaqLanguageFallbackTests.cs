using System.Net.Http.Json;
using CareSlot.Web.Features.Help;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;

namespace CareSlot.Web.Tests.Features.Help;

public sealed class FaqLanguageFallbackTestsOnSqlite(SqliteApp app) : FaqLanguageFallbackTests(app), IClassFixture<SqliteApp>;

public sealed class FaqLanguageFallbackTestsOnPostgres(PostgresApp app) : FaqLanguageFallbackTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// A database of its own, where German has no published entry yet: German readers get the English ones, marked as English,
/// until the first German entry is published. (The tests' app seeds no FAQ: only Development does.)
/// </summary>
public abstract class FaqLanguageFallbackTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task German_WithoutGermanEntries_ShowsTheEnglishOnes_UntilOneIsPublished()
    {
        var admin = (await app.SignInAsync(Caller.AdminWithSecondFactor)).Bearer;
        var english = await admin.PostAsJsonAsync("/api/v1/admin/faq",
            new { language = "en", topic = "General", question = "Is there a FAQ?", answer = "Yes.", order = 1, published = true }, Ct);
        english.EnsureSuccessStatusCode();
        var draft = await admin.PostAsJsonAsync("/api/v1/admin/faq",
            new { language = "de", topic = "Allgemein", question = "Gibt es häufige Fragen?", answer = "Ja.", order = 1, published = false }, Ct);
        draft.EnsureSuccessStatusCode();
        var browser = app.CreateBrowserClient();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");

        var page = await (await browser.GetAsync(new Uri("/help/faq", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal("Is there a FAQ?", page.QuerySelector("article.faq-entry h3")?.TextContent);
        Assert.Equal("en", page.QuerySelector("article.faq-entry")!.Closest("[lang]")!.GetAttribute("lang"));
        Assert.NotNull(page.QuerySelector("main .notice"));
        Assert.Equal("en", (await (await app.CreateClient().GetAsync(new Uri("/api/v1/faq?lang=de", UriKind.Relative), Ct))
            .ShouldBeOkJsonAsync<FaqPage>()).Language);

        var id = (await draft.Content.ReadFromJsonAsync<FaqAdminEntry>(Ct))!.Id;
        (await admin.PutAsJsonAsync($"/api/v1/admin/faq/{id}",
            new { language = "de", topic = "Allgemein", question = "Gibt es häufige Fragen?", answer = "Ja.", order = 1, published = true }, Ct)).EnsureSuccessStatusCode();
        page = await (await browser.GetAsync(new Uri("/help/faq", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal(["Gibt es häufige Fragen?"], page.QuerySelectorAll("article.faq-entry h3").Select(h => h.TextContent));
        Assert.Null(page.QuerySelector("main .notice"));
    }
}
