using AngleSharp;
using AngleSharp.Dom;

namespace CareSlot.Web.Tests.Infrastructure;

public static class Html
{
    public static async Task<IDocument> ReadHtmlAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var context = BrowsingContext.New(Configuration.Default);
        return await context.OpenAsync(request => request.Content(body), TestContext.Current.CancellationToken);
    }
}
