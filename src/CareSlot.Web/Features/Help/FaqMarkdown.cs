using Ganss.Xss;
using Markdig;

namespace CareSlot.Web.Features.Help;

/// <summary>
/// Answers are Markdown written by administrators, shown as HTML to everyone: Markdig renders it with raw HTML turned into
/// text, and HtmlSanitizer then removes anything that could run (script, event handlers, javascript: links) all the same,
/// so a mistake in either layer alone lets nothing through.
/// </summary>
public sealed class FaqMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UsePipeTables()
        .UseEmphasisExtras()
        .Build();

    // Configured once, then only used: HtmlSanitizer is safe to share between threads once its settings stop changing.
    private readonly HtmlSanitizer sanitizer = CreateSanitizer();

    public string ToSafeHtml(string markdown) => sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "http", "https", "mailto", "tel" }) sanitizer.AllowedSchemes.Add(scheme);
        // The site's CSP allows no inline style, and answers should look like the rest of the site.
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedAttributes.Remove("class");
        sanitizer.AllowedAttributes.Remove("id");
        sanitizer.AllowedTags.Remove("img");
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedTags.Remove("input");
        sanitizer.AllowedTags.Remove("button");
        sanitizer.AllowedTags.Remove("textarea");
        sanitizer.AllowedTags.Remove("select");
        sanitizer.AllowedTags.Remove("option");
        sanitizer.AllowedTags.Remove("style");
        sanitizer.AllowedCssProperties.Clear();
        // A link leaves the site without telling it where from.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link && link.HasAttribute("href")) link.SetAttribute("rel", "noopener noreferrer");
        };
        return sanitizer;
    }
}
