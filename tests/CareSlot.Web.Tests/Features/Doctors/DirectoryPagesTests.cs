using System.Net;
using CareSlot.Web.Tests.Infrastructure;

namespace CareSlot.Web.Tests.Features.Doctors;

public sealed class DirectoryPagesTestsOnSqlite(SqliteApp app) : DirectoryPagesTests(app), IClassFixture<SqliteApp>;

public sealed class DirectoryPagesTestsOnPostgres(PostgresApp app) : DirectoryPagesTests(app), IClassFixture<PostgresApp>;

public abstract class DirectoryPagesTests(CareSlotApp app)
{
    private readonly HttpClient client = app.CreateClient();

    private Task<HttpResponseMessage> GetAsync(string url) =>
        client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Home_OffersSearchFormWithEverySpecialty()
    {
        var response = await GetAsync("/");
        var page = await response.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var form = page.QuerySelector("form[role=search]")!;
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("/doctors", form.GetAttribute("action"));
        Assert.Equal(11, form.QuerySelectorAll("#specialty option").Length);
        Assert.NotNull(page.QuerySelector("label[for=city]"));
        Assert.Equal(10, page.QuerySelectorAll(".chip-list a[href^='/doctors?specialty=']").Length);
    }

    [Fact]
    public async Task Directory_FilteredBySpecialtyAndCity_ListsMatchingDoctorsWithLinks()
    {
        var page = await (await GetAsync("/doctors?specialty=cardiology&city=berlin")).ReadHtmlAsync();

        Assert.Equal("Cardiology in berlin", page.QuerySelector("h1")!.TextContent);
        var cards = page.QuerySelectorAll(".card");
        Assert.NotEmpty(cards);
        Assert.All(cards, card =>
        {
            Assert.Contains("Cardiology", card.TextContent, StringComparison.Ordinal);
            Assert.Contains("Berlin", card.TextContent, StringComparison.Ordinal);
            Assert.Matches("^/doctors/[0-9]+$", card.QuerySelector("a")!.GetAttribute("href")!);
        });
        Assert.Equal("cardiology", page.QuerySelector("#specialty option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Directory_SecondPage_LinksBackAndKeepsTheFilters()
    {
        var page = await (await GetAsync("/doctors?q=dr&pageSize=10&page=2")).ReadHtmlAsync();

        Assert.Equal(10, page.QuerySelectorAll(".card").Length);
        Assert.Equal("/doctors?q=dr&pageSize=10&page=1", page.QuerySelector("a[rel=prev]")!.GetAttribute("href"));
        Assert.Equal("2", page.QuerySelector(".pager a[aria-current=page]")!.TextContent.Replace("Page ", "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/doctors?page=0", "page")]
    [InlineData("/doctors?pageSize=100000", "pageSize")]
    public async Task Directory_InvalidPaging_Answers400WithTheMessage(string url, string parameter)
    {
        var response = await GetAsync(url);
        var page = await response.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"'{parameter}' must be a whole number", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll(".card"));
    }

    [Fact]
    public async Task Directory_OverlongQuery_ShowsTheErrorNextToTheField()
    {
        var response = await GetAsync("/doctors?q=" + new string('x', 2000));
        var page = await response.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var input = page.QuerySelector("#q")!;
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Equal("q-error", input.GetAttribute("aria-describedby"));
        Assert.Contains("at most 200 characters", page.QuerySelector("#q-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Directory_ScriptInQuery_IsShownAsTextNeverAsMarkup()
    {
        var response = await GetAsync("/doctors?city=" + Uri.EscapeDataString("<script>alert(1)</script>"));
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script>alert(1)</script>", body, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_ShowsPublicFieldsAndClinicAddress()
    {
        var list = await (await GetAsync("/doctors?q=ashgrove")).ReadHtmlAsync();
        var href = list.QuerySelector(".card a")!.GetAttribute("href")!;

        var page = await (await GetAsync(href)).ReadHtmlAsync();

        Assert.Contains("Ashgrove", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("address"));
        Assert.Contains("Europe/", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("tel:+", page.QuerySelector("a[href^='tel:']")!.GetAttribute("href")!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/doctors/999999")]
    [InlineData("/no-such-page")]
    public async Task Unknown_Answers404WithAFriendlyPage(string url)
    {
        var response = await GetAsync(url);
        var page = await response.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Page not found", page.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task EveryPage_SendsSecurityHeaders()
    {
        var response = await GetAsync("/");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_LoadNothingFromOtherOrigins()
    {
        foreach (var url in new[] { "/", "/doctors", "/doctors?page=2" })
        {
            var page = await (await GetAsync(url)).ReadHtmlAsync();
            var references = page.QuerySelectorAll("link[href], script[src], img[src]")
                .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!);
            Assert.All(references, reference => Assert.StartsWith("/", reference, StringComparison.Ordinal));
        }
    }
}
