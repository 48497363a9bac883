using System.Net;
using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Features.Notifications.Delivery;

/// <summary>The app as a developer runs it: environment Development, nothing configured for delivery.</summary>
public sealed class DevMailboxPageTests(DevelopmentApp app) : IClassFixture<DevelopmentApp>
{
    private readonly HttpClient client = app.CreateClient();

    private Task<HttpResponseMessage> GetAsync(string url) =>
        client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

    private async Task<string> SendEmailAsync(string subject, string text)
    {
        await app.Services.GetRequiredService<IEmailTransport>().SendAsync(
            new EmailMessage("Ada Lovelace <ada@example.org>", subject, text, "<p>HTML version</p>"), TestContext.Current.CancellationToken);
        return subject;
    }

    [Fact]
    public async Task Mailbox_InDevelopment_ListsMessagesNewestFirstInATable()
    {
        var older = await SendEmailAsync($"Older {Guid.NewGuid():N}", "Body");
        await app.Services.GetRequiredService<ISmsTransport>().SendAsync(
            new SmsMessage("+4915112345678", $"Newer {Guid.NewGuid():N}"), TestContext.Current.CancellationToken);

        var response = await GetAsync("/dev/mailbox");
        var page = await response.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Development mailbox", page.QuerySelector("h1")!.TextContent);
        var table = page.QuerySelector("table")!;
        Assert.EndsWith("newest first", table.QuerySelector("caption")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Sent", "Kind", "To", "Subject or message"], table.QuerySelectorAll("thead th[scope=col]").Select(th => th.TextContent));
        var rows = table.QuerySelectorAll("tbody tr").Select(row => row.TextContent).ToList();
        var olderRow = rows.FindIndex(r => r.Contains(older, StringComparison.Ordinal));
        var newerRow = rows.FindIndex(r => r.Contains("+4915112345678", StringComparison.Ordinal) && r.Contains("Newer", StringComparison.Ordinal));
        Assert.InRange(newerRow, 0, olderRow - 1);
        Assert.All(table.QuerySelectorAll("tbody th[scope=row] a"), a => Assert.Matches("^/dev/mailbox/[0-9]{21}-[0-9a-f]{32}\\.(eml|json)$", a.GetAttribute("href")!));
    }

    [Fact]
    public async Task Message_Email_ShowsHeadersAndTheTextBodyWithClickableLinks()
    {
        var subject = await SendEmailAsync($"Verify {Guid.NewGuid():N}",
            "Open https://careslot.example/account/verify-email?token=a%2Bb&x=1.\nNot a link: javascript:alert(1) <script>alert(2)</script>\n");
        var list = await (await GetAsync("/dev/mailbox")).ReadHtmlAsync();
        var href = list.QuerySelectorAll("tbody a").Single(a => a.TextContent == subject).GetAttribute("href")!;

        var response = await GetAsync(href);
        var page = await response.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(subject, page.QuerySelector("h1")!.TextContent);
        var headers = page.QuerySelectorAll("dl dt").Zip(page.QuerySelectorAll("dl dd"), (dt, dd) => (dt.TextContent, dd.TextContent)).ToDictionary();
        Assert.Contains("ada@example.org", headers["To"], StringComparison.Ordinal);
        Assert.Contains("no-reply@careslot.local", headers["From"], StringComparison.Ordinal);
        Assert.Equal(subject, headers["Subject"]);
        var body = page.QuerySelector(".mail-body")!;
        var link = Assert.Single(body.QuerySelectorAll("a"));
        Assert.Equal("https://careslot.example/account/verify-email?token=a%2Bb&x=1", link.GetAttribute("href"));
        Assert.Contains("<script>alert(2)</script>", body.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("main script"));
        Assert.Contains("HTML version", page.QuerySelector("details")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_Sms_ShowsTheBody()
    {
        var text = $"482913 is your code {Guid.NewGuid():N}";
        await app.Services.GetRequiredService<ISmsTransport>().SendAsync(new SmsMessage("+4915112345678", text), TestContext.Current.CancellationToken);
        var list = await (await GetAsync("/dev/mailbox")).ReadHtmlAsync();
        var href = list.QuerySelectorAll("tbody a").Single(a => a.TextContent == text).GetAttribute("href")!;

        var page = await (await GetAsync(href)).ReadHtmlAsync();

        Assert.Equal("SMS to +4915112345678", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(text, page.QuerySelector(".mail-body")!.TextContent);
    }

    [Theory]
    [InlineData("/dev/mailbox/nothing-here.eml")]
    [InlineData("/dev/mailbox/..%2F..%2Fappsettings.json")]
    [InlineData("/dev/mailbox/%2Fetc%2Fpasswd")]
    public async Task Message_NotInTheMailbox_Answers404(string url)
    {
        var response = await GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

public sealed class DevMailboxOutsideDevelopmentTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Mailbox_OutsideDevelopment_Answers404ForTheListAndForAMessage()
    {
        await app.Services.GetRequiredService<ISmsTransport>().SendAsync(new SmsMessage("+4915112345678", "Secret code 482913"), TestContext.Current.CancellationToken);
        var file = Assert.Single(await app.Services.GetRequiredService<DevelopmentMailbox>().ListAsync(TestContext.Current.CancellationToken)).FileName;
        var client = app.CreateClient();

        var list = await client.GetAsync(new Uri("/dev/mailbox", UriKind.Relative), TestContext.Current.CancellationToken);
        var message = await client.GetAsync(new Uri($"/dev/mailbox/{file}", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, message.StatusCode);
        Assert.DoesNotContain("482913", await message.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
