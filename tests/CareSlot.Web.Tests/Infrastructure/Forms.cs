using AngleSharp.Html.Dom;

namespace CareSlot.Web.Tests.Infrastructure;

public static class Forms
{
    /// <summary>Posts a page's form as a browser would: its hidden fields (the antiforgery token) plus the given values.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, string pageUrl,
        IReadOnlyDictionary<string, string> values, string? action = null, string formSelector = "main form[method=post]")
    {
        var page = await (await client.GetAsync(new Uri(pageUrl, UriKind.Relative), TestContext.Current.CancellationToken)).ReadHtmlAsync();
        var form = (IHtmlFormElement?)page.QuerySelector(formSelector) ?? throw new InvalidOperationException($"No form '{formSelector}' on {pageUrl}.");
        var fields = form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>()
            .ToDictionary(input => input.Name!, input => input.Value);
        foreach (var (key, value) in values) fields[key] = value;
        var target = action ?? form.GetAttribute("action") ?? pageUrl;
        if (string.IsNullOrEmpty(target)) target = pageUrl;
        using var content = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri(target, UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

    /// <summary>Posts a page's form as multipart/form-data, as a browser sends a form with a file field: its hidden fields, the values and the file.</summary>
    public static async Task<HttpResponseMessage> SubmitMultipartAsync(this HttpClient client, string pageUrl, string formSelector,
        IReadOnlyDictionary<string, string> values, (string Field, string Name, byte[] Content)? file = null)
    {
        var page = await (await client.GetAsync(new Uri(pageUrl, UriKind.Relative), TestContext.Current.CancellationToken)).ReadHtmlAsync();
        var form = (IHtmlFormElement?)page.QuerySelector(formSelector) ?? throw new InvalidOperationException($"No form '{formSelector}' on {pageUrl}.");
        using var content = new MultipartFormDataContent();
        foreach (var hidden in form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>()) content.Add(new StringContent(hidden.Value), hidden.Name!);
        foreach (var (name, value) in values) content.Add(new StringContent(value), name);
        if (file is { } f) content.Add(new ByteArrayContent(f.Content), f.Field, f.Name);
        var target = form.GetAttribute("action") is { Length: > 0 } action ? action : pageUrl;
        return await client.PostAsync(new Uri(target, UriKind.Relative), content, TestContext.Current.CancellationToken);
    }
}
