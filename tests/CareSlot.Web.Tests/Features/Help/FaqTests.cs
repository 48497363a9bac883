using System.Net;
using System.Net.Http.Json;
using AngleSharp.Dom;
using CareSlot.Web.Features.Help;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.Help;

public sealed class FaqTestsOnSqlite(SqliteApp app) : FaqTests(app), IClassFixture<SqliteApp>;

public sealed class FaqTestsOnPostgres(PostgresApp app) : FaqTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// The FAQ through the API and the pages: full-text search on each database (ranked, hostile queries never a 500),
/// published entries only, the page's language, sanitized Markdown, votes, and the administrators' audited edits.
/// Every test writes entries with words of its own, so the tests of a class can share one database.
/// </summary>
public abstract class FaqTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A word no other entry has: letters only, so both databases' tokenizers read it as one word.</summary>
    private static string NewWord() => string.Concat(Guid.NewGuid().ToString("N").Take(12).Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))));

    private async Task<HttpClient> AdminAsync() => (await app.SignInAsync(Caller.AdminWithSecondFactor)).Bearer;

    private static async Task<FaqAdminEntry> CreateAsync(HttpClient admin, string question, string answer, string language = "en", string topic = "General",
        bool published = true, int order = 1)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/admin/faq", new { language, topic, question, answer, order, published }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<FaqAdminEntry>(Ct))!;
    }

    private Task<HttpResponseMessage> SearchAsync(string q, string? lang = "en", string? topic = null) =>
        app.CreateClient().GetAsync(new Uri($"/api/v1/faq?q={Uri.EscapeDataString(q)}" + (lang is null ? "" : $"&lang={lang}")
            + (topic is null ? "" : $"&topic={Uri.EscapeDataString(topic)}"), UriKind.Relative), Ct);

    private async Task<FaqPage> FoundAsync(string q, string? lang = "en", string? topic = null) => await (await SearchAsync(q, lang, topic)).ShouldBeOkJsonAsync<FaqPage>();

    [Fact]
    public async Task HelpPage_FromTheFooter_ShowsPhoneHoursAndEmail_AndLinksToTheFaq()
    {
        var browser = app.CreateBrowserClient();
        var home = await (await browser.GetAsync(new Uri("/", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.NotNull(home.QuerySelector("footer a[href='/help']"));

        var help = await (await browser.GetAsync(new Uri("/help", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal("tel:+493012345678", help.QuerySelector("a[href^='tel:']")?.GetAttribute("href"));
        Assert.Equal("mailto:help@careslot.example", help.QuerySelector("a[href^='mailto:']")?.GetAttribute("href"));
        Assert.Contains("08:00–18:00", help.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Monday", help.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(help.QuerySelector("main a[href='/help/faq']"));
        Assert.Equal("/help/faq", help.QuerySelector("main form[role=search]")?.GetAttribute("action"));

        var patient = await app.SignInAsync(Caller.Patient);
        Assert.Equal(HttpStatusCode.OK, (await patient.Browser.GetAsync(new Uri("/help", UriKind.Relative), Ct)).StatusCode);
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        Assert.Contains("Montag", (await browser.GetStringAsync(new Uri("/help", UriKind.Relative), Ct)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_FindsWordsInQuestionAndAnswer_QuestionFirst_AllWordsMustMatch()
    {
        var admin = await AdminAsync();
        var (word, other) = (NewWord(), NewWord());
        var inAnswer = await CreateAsync(admin, "How long does it take?", $"Usually a day; see the {word} page for {other} details.", order: 1);
        var inQuestion = await CreateAsync(admin, $"What is the {word} page?", "It lists what you need.", order: 2);

        var found = await FoundAsync(word);
        Assert.True(found.Searched);
        Assert.Equal([inQuestion.Id, inAnswer.Id], found.Results.Select(r => r.Id));
        Assert.Equal([inAnswer.Id], (await FoundAsync($"{word} {other}")).Results.Select(r => r.Id));
        Assert.Equal([inAnswer.Id], (await FoundAsync(other.ToUpperInvariant())).Results.Select(r => r.Id));
        // A word is also found by its beginning, as people type.
        Assert.Equal([inAnswer.Id], (await FoundAsync(other[..6])).Results.Select(r => r.Id));
        Assert.Empty((await FoundAsync($"{word} {NewWord()}")).Results);
        Assert.Empty((await FoundAsync(word, topic: "No such topic")).Results);

        var page = await (await app.CreateBrowserClient().GetAsync(new Uri($"/help/faq?q={word}", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal([$"faq-{inQuestion.Id}", $"faq-{inAnswer.Id}"], page.QuerySelectorAll("article.faq-entry").Select(a => a.Id));
    }

    [Fact]
    public async Task Unpublished_NeverShown_UntilPublished()
    {
        var admin = await AdminAsync();
        var word = NewWord();
        var draft = await CreateAsync(admin, $"A draft about {word}?", "Not yet.", topic: $"Topic {word}", published: false);
        var anonymous = app.CreateBrowserClient();

        Assert.Empty((await FoundAsync(word)).Results);
        var all = await (await app.CreateClient().GetAsync(new Uri("/api/v1/faq?lang=en", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<FaqPage>();
        Assert.DoesNotContain(all.Topics.SelectMany(t => t.Entries), e => e.Id == draft.Id);
        Assert.DoesNotContain($"Topic {word}", all.AllTopics);
        Assert.DoesNotContain(word, await anonymous.GetStringAsync(new Uri("/help/faq", UriKind.Relative), Ct), StringComparison.Ordinal);
        // Nor can it be voted on.
        var vote = await anonymous.PostPageAsync($"/help/faq?handler=Vote&id={draft.Id}", new Dictionary<string, string> { ["helpful"] = "true" });
        Assert.Equal(HttpStatusCode.NotFound, vote.StatusCode);

        var published = await admin.PutAsJsonAsync($"/api/v1/admin/faq/{draft.Id}",
            new { language = "en", topic = $"Topic {word}", question = $"A draft about {word}?", answer = "Now.", order = 1, published = true }, Ct);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal([draft.Id], (await FoundAsync(word)).Results.Select(r => r.Id));
        var page = await (await anonymous.GetAsync(new Uri($"/help/faq?topic={Uri.EscapeDataString($"Topic {word}")}", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal([$"faq-{draft.Id}"], page.QuerySelectorAll("article.faq-entry").Select(a => a.Id));
    }

    [Fact]
    public async Task Language_ThePagesLanguageChoosesTheEntries()
    {
        var admin = await AdminAsync();
        var word = NewWord();
        var english = await CreateAsync(admin, $"Where is {word}?", "Here.", language: "en", topic: "Places");
        var german = await CreateAsync(admin, $"Wo ist {word}?", "Hier.", language: "de", topic: "Orte");

        Assert.Equal([english.Id], (await FoundAsync(word, "en")).Results.Select(r => r.Id));
        Assert.Equal([german.Id], (await FoundAsync(word, "de")).Results.Select(r => r.Id));
        Assert.Contains("lang", (await (await SearchAsync(word, "fr")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);

        var browser = app.CreateBrowserClient();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var page = await (await browser.GetAsync(new Uri($"/help/faq?q={word}", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal([$"faq-{german.Id}"], page.QuerySelectorAll("article.faq-entry").Select(a => a.Id));
        Assert.Equal("de", page.DocumentElement.GetAttribute("lang"));
        var apiInGerman = app.CreateClient();
        apiInGerman.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var found = await (await apiInGerman.GetAsync(new Uri($"/api/v1/faq?q={word}", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<FaqPage>();
        Assert.Equal(("de", german.Id), (found.Language, Assert.Single(found.Results).Id));
    }

    public static TheoryData<string> HostileQueries =>
    [
        "\"", "\"unbalanced", "a\"b\"c\"", "*", "**", "a*", "*a", "NEAR(", "NEAR(a b)", "NEAR", "-", "-foo", "foo -bar", "a OR b", "OR", "AND", "NOT",
        "a AND NOT b", "(", ")", "()", "{a b}", "^a", "question:foo", "col:", ":", "'", "''", "\\", "%", "_", "!", "&", "|", "<->", "a & b | !c",
        "':* & !", "a:*", "\u00e4rztin", "\ud83d\ude00", "SELECT * FROM FaqEntries; --", "<script>alert(1)</script>",
        new string('a', 2000), string.Join(' ', Enumerable.Repeat("word", 400)), new string('"', 150), "a\u0001b", "a\u0000b", "tab\there", "line\nbreak",
    ];

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task Search_HostileQuery_Is200Or400NamingQ_NeverA500(string q)
    {
        var response = await SearchAsync(q);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Assert.Contains("q", (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        }
        var page = await app.CreateBrowserClient().GetAsync(new Uri($"/help/faq?q={Uri.EscapeDataString(q)}", UriKind.Relative), Ct);
        Assert.True(page.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)page.StatusCode}");
        if (page.StatusCode == HttpStatusCode.BadRequest) Assert.NotNull((await page.ReadHtmlAsync()).QuerySelector("#q-error"));
        var topic = await app.CreateClient().GetAsync(new Uri($"/api/v1/faq?topic={Uri.EscapeDataString(q)}", UriKind.Relative), Ct);
        Assert.True(topic.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)topic.StatusCode}");
    }

    [Fact]
    public async Task Search_TooLong_Is400NamingQ_OnThePageNextToTheField()
    {
        var problem = await (await SearchAsync(new string('a', FaqQueries.QueryMaxLength + 1))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("q", problem.Errors.Keys);
        var response = await app.CreateBrowserClient().GetAsync(new Uri($"/help/faq?q={new string('a', 2000)}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.Equal("q-error", page.QuerySelector("#q")!.GetAttribute("aria-describedby"));
    }

    [Fact]
    public async Task Markdown_ScriptsHandlersAndJavascriptLinks_AreRemoved_FormattingStays()
    {
        var admin = await AdminAsync();
        var word = NewWord();
        var answer = $"""
            **Bold** and a [good link](https://example.com/{word}).
            <script>window.__xss=1</script>
            [x](javascript:window.__xss=1) [y](JaVaScRiPt:alert(1)) [z](data:text/html,<script>alert(1)</script>)
            <img src=x onerror=window.__xss=1>
            <a href="javascript:alert(1)" onclick="alert(1)">raw</a>
            ![pic](javascript:alert(1))
            """;
        var entry = await CreateAsync(admin, $"Is {word} safe?", answer);

        foreach (var html in new[]
        {
            entry.AnswerHtml,
            (await FoundAsync(word)).Results.Single().AnswerHtml,
            (await (await app.CreateBrowserClient().GetAsync(new Uri($"/help/faq?q={word}", UriKind.Relative), Ct)).ReadHtmlAsync())
                .QuerySelector($"#faq-{entry.Id} .faq-answer")!.InnerHtml,
        })
        {
            var document = await new AngleSharp.Html.Parser.HtmlParser().ParseDocumentAsync($"<body>{html}</body>", Ct);
            Assert.Empty(document.QuerySelectorAll("script, img, iframe, object, embed, style"));
            Assert.DoesNotContain(document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
            Assert.DoesNotContain(document.QuerySelectorAll("[href], [src]"),
                e => !(e.GetAttribute("href") ?? e.GetAttribute("src"))!.StartsWith("https:", StringComparison.Ordinal));
            Assert.Equal("Bold", document.QuerySelector("strong")?.TextContent);
            Assert.Equal($"https://example.com/{word}", document.QuerySelector("a")?.GetAttribute("href"));
        }
    }

    [Fact]
    public async Task Votes_OnePerBrowserOrAccount_ChangedNotAdded_AdminsSeeTheCounts()
    {
        var admin = await AdminAsync();
        var word = NewWord();
        var entry = await CreateAsync(admin, $"Did {word} help?", "Maybe.");
        async Task<(int Helpful, int NotHelpful)> CountsAsync()
        {
            var seen = await (await admin.GetAsync(new Uri($"/api/v1/admin/faq/{entry.Id}", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<FaqAdminEntry>();
            return (seen.Helpful, seen.NotHelpful);
        }
        async Task VoteAsync(HttpClient browser, int id, bool helpful)
        {
            var response = await browser.SubmitFormAsync($"/help/faq?q={word}", new Dictionary<string, string> { ["helpful"] = helpful ? "true" : "false" },
                action: $"/help/faq?handler=Vote&id={id}&q={word}", formSelector: $"#faq-{id} form");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/help/faq", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var visitor = app.CreateBrowserClient();
        await VoteAsync(visitor, entry.Id, true);
        await VoteAsync(visitor, entry.Id, true);
        Assert.Equal((1, 0), await CountsAsync());
        await VoteAsync(visitor, entry.Id, false);
        Assert.Equal((0, 1), await CountsAsync());
        await VoteAsync(app.CreateBrowserClient(), entry.Id, true);
        var patient = await app.SignInAsync(Caller.Patient);
        await VoteAsync(patient.Browser, entry.Id, true);
        await VoteAsync(patient.Browser, entry.Id, true);
        Assert.Equal((2, 1), await CountsAsync());
        Assert.True(await app.WithDbAsync(db => db.FaqVotes.AnyAsync(v => v.EntryId == entry.Id && v.Voter.StartsWith("account:"), Ct)));

        var list = await (await admin.GetAsync(new Uri("/api/v1/admin/faq", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<List<FaqAdminRow>>();
        Assert.Equal((2, 1), list.Where(r => r.Id == entry.Id).Select(r => (r.Helpful, r.NotHelpful)).Single());
        var adminPage = await (await (await app.SignInAsync(Caller.AdminWithSecondFactor)).Browser.GetAsync(new Uri("/admin/faq", UriKind.Relative), Ct)).ReadHtmlAsync();
        var row = adminPage.QuerySelector($"a[href='/admin/faq/{entry.Id}']")!.Closest("tr")!;
        Assert.Equal(["2", "1"], row.QuerySelectorAll("td").TakeLast(2).Select(td => td.TextContent.Trim()));

        // A vote that is neither yes nor no is refused.
        var bad = await visitor.PostPageAsync($"/help/faq?handler=Vote&id={entry.Id}", new Dictionary<string, string> { ["helpful"] = "maybe" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task AdminPages_CreatePreviewEditDelete_EachEditAudited_ErrorsNextToTheFields()
    {
        var admin = (await app.SignInAsync(Caller.AdminWithSecondFactor)).Browser;
        var word = NewWord();
        var fields = new Dictionary<string, string>
        {
            ["Input.Language"] = "de", ["Input.Topic"] = "Termine", ["Input.Question"] = $"Was ist {word}?", ["Input.Answer"] = "Das ist **wichtig**.",
            ["Input.Order"] = "3", ["Input.Published"] = "true",
        };

        var invalid = await admin.SubmitFormAsync("/admin/faq/new", new Dictionary<string, string>(fields) { ["Input.Question"] = " ", ["Input.Order"] = "-1" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = await invalid.ReadHtmlAsync();
        Assert.NotNull(errors.QuerySelector("#Input_Question-error"));
        Assert.NotNull(errors.QuerySelector("#Input_Order-error"));

        var preview = await admin.SubmitFormAsync("/admin/faq/new", fields, action: "/admin/faq/new?handler=Preview");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal("wichtig", (await preview.ReadHtmlAsync()).QuerySelector(".faq-preview strong")?.TextContent);
        Assert.False(await app.WithDbAsync(db => db.FaqEntries.AnyAsync(e => e.Question == $"Was ist {word}?", Ct)));

        var saved = await admin.SubmitFormAsync("/admin/faq/new", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var url = saved.Headers.Location!.OriginalString;
        var id = int.Parse(url.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var edit = await (await admin.GetAsync(new Uri(url, UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal("wichtig", edit.QuerySelector(".faq-preview strong")?.TextContent);
        Assert.Equal("de", edit.QuerySelector("#Input_Language option[selected]")?.GetAttribute("value"));

        var changed = await admin.SubmitFormAsync(url, new Dictionary<string, string>(fields) { ["Input.Answer"] = "Jetzt *anders*." });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal([id], (await FoundAsync("anders " + word, "de")).Results.Select(r => r.Id));
        var refused = await admin.SubmitFormAsync(url, new Dictionary<string, string>(fields) { ["Input.Language"] = "fr" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull((await refused.ReadHtmlAsync()).QuerySelector("#Input_Language-error"));

        var deleted = await admin.SubmitFormAsync(url, new Dictionary<string, string>(), action: $"{url}?handler=Delete",
            formSelector: $"main form[action='{url}?handler=Delete']");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri(url, UriKind.Relative), Ct)).StatusCode);
        Assert.Empty((await FoundAsync(word, "de")).Results);

        var audited = await app.WithDbAsync(db => db.AuditTrail.Where(e => e.Record == $"faq {id} de").Select(e => e.Action).ToListAsync(Ct));
        Assert.Equal(new[] { AuditActions.FaqEntryCreated, AuditActions.FaqEntryUpdated, AuditActions.FaqEntryDeleted }.Order(StringComparer.Ordinal),
            audited.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("{\"language\":\"en\",\"topic\":\"T\",\"answer\":\"A\"}", "question")]
    [InlineData("{\"language\":\"xx\",\"topic\":\"T\",\"question\":\"Q?\",\"answer\":\"A\"}", "language")]
    [InlineData("{\"language\":\"en\",\"topic\":\"  \",\"question\":\"Q?\",\"answer\":\"A\"}", "topic")]
    [InlineData("{\"language\":\"en\",\"topic\":\"T\",\"question\":\"Q?\",\"answer\":\"a\\u0000b\"}", "answer")]
    [InlineData("{\"language\":\"en\",\"topic\":\"T\",\"question\":\"Q?\",\"answer\":\"A\",\"order\":-5}", "order")]
    [InlineData("{\"language\":\"en\",\"topic\":\"T\",\"question\":\"line\\nbreak\",\"answer\":\"A\"}", "question")]
    public async Task Create_BadInput_Is400NamingTheField(string json, string field)
    {
        var admin = await AdminAsync();
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var problem = await (await admin.PostAsync(new Uri("/api/v1/admin/faq", UriKind.Relative), content, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.Errors.Keys);
    }

    [Fact]
    public async Task Create_MultiLineAnswer_IsAccepted_AndEveryWriteIsAudited()
    {
        var admin = await AdminAsync();
        var entry = await CreateAsync(admin, $"Lists in {NewWord()}?", "Yes:\n\n- one\n- two");
        Assert.Equal(2, entry.AnswerHtml.Split("<li>").Length - 1);
        var deleted = await admin.DeleteAsync(new Uri($"/api/v1/admin/faq/{entry.Id}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await admin.DeleteAsync(new Uri($"/api/v1/admin/faq/{entry.Id}", UriKind.Relative), Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var actions = await app.WithDbAsync(db => db.AuditTrail.Where(e => e.Record == $"faq {entry.Id} en").Select(e => e.Action).ToListAsync(Ct));
        Assert.Equal([AuditActions.FaqEntryCreated, AuditActions.FaqEntryDeleted], actions.Order(StringComparer.Ordinal));
    }
}
