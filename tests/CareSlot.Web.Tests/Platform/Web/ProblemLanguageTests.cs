using System.Net;
using System.Text;
using CareSlot.Web.Tests.Infrastructure;

namespace CareSlot.Web.Tests.Platform.Web;

/// <summary>
/// The API answers problem details in the Accept-Language language when it is offered, else in English; the platform's
/// own answers (unreadable JSON, refused text, a route that does not exist) as much as the features'.
/// </summary>
public sealed class ProblemLanguageTests(GermanOfferedSqliteApp app) : IClassFixture<GermanOfferedSqliteApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string acceptLanguage, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("Accept-Language", acceptLanguage);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return await app.CreateClient().SendAsync(request, Ct);
    }

    [Theory]
    [InlineData("de", "Die Anfrage ist ungültig.", "„email“ hat einen Wert vom falschen Typ")]
    [InlineData("de-CH,de;q=0.9", "Die Anfrage ist ungültig.", "„email“ hat einen Wert vom falschen Typ")]
    [InlineData("fr", "The request is not valid.", "'email' has a value of the wrong type")]
    [InlineData("en", "The request is not valid.", "'email' has a value of the wrong type")]
    public async Task UnreadableJson_InTheCallersLanguage(string acceptLanguage, string title, string detail)
    {
        var problem = await (await SendAsync(HttpMethod.Post, "/api/v1/auth/forgot-password", acceptLanguage, "{\"email\":42}"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(title, problem.Title);
        Assert.StartsWith(detail, problem.Errors["email"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de", "Das enthält ein Steuerzeichen (U+0007), das nicht erlaubt ist.")]
    [InlineData("fr", "This contains a control character (U+0007) that is not allowed.")]
    public async Task RefusedText_InTheCallersLanguage(string acceptLanguage, string message)
    {
        var problem = await (await SendAsync(HttpMethod.Post, "/api/v1/auth/forgot-password", acceptLanguage, "{\"email\":\"a\\u0007@example.com\"}"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(message, problem.Errors["email"][0]);
    }

    [Theory]
    [InlineData("de", "Nicht gefunden")]
    [InlineData("fr", "Not Found")]
    public async Task TheFrameworksOwnTitles_AreTranslatedToo(string acceptLanguage, string title)
    {
        var problem = await (await SendAsync(HttpMethod.Get, "/api/v1/no-such-thing", acceptLanguage)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(title, problem.Title);
    }

    [Fact]
    public async Task ErrorPage_InTheReadersLanguage()
    {
        var response = await SendAsync(HttpMethod.Get, "/no-such-page", "de");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.Equal("Seite nicht gefunden", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("de", page.DocumentElement.GetAttribute("lang"));
    }
}
