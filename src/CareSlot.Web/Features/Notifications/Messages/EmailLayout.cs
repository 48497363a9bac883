using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace CareSlot.Web.Features.Notifications.Messages;

/// <summary>One row of the facts every e-mail lists.</summary>
internal sealed record EmailDetail(string Label, string Value);

/// <param name="Link">The appointment's page.</param>
internal sealed record EmailContent(string Language, Letter Letter, IReadOnlyList<EmailDetail> Details, string LinkText, string Link, string Footer);

/// <summary>
/// The one layout of every e-mail, as plain text and as HTML. Every value is encoded here, whatever the
/// language file wrote, so a name such as <c>&lt;script&gt;</c> arrives as text.
/// </summary>
internal static class EmailLayout
{
    /// <summary>Markup characters are encoded, letters of any script left as they are, so the HTML stays readable.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Text(EmailContent content)
    {
        var text = new StringBuilder();
        text.Append(content.Letter.Heading).Append("\n\n");
        foreach (var paragraph in content.Letter.Paragraphs) text.Append(paragraph).Append("\n\n");
        foreach (var detail in content.Details) text.Append(detail.Label).Append(": ").Append(detail.Value).Append('\n');
        text.Append('\n').Append(content.LinkText).Append(":\n").Append(content.Link).Append("\n\n");
        // "-- " is the signature separator that mail clients recognise (and may fold away).
        text.Append("-- \n").Append(content.Footer).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// Semantic HTML with no images, fonts or style sheets to fetch: mail clients block remote content, and
    /// a screen reader announces the heading, the list of facts and the link by what they are.
    /// </summary>
    public static string Html(EmailContent content)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n")
            .Append("<html lang=\"").Append(Encode(content.Language)).Append("\">\n")
            .Append("<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(content.Letter.Subject)).Append("</title>\n</head>\n")
            .Append("<body style=\"font-family: sans-serif; line-height: 1.5; max-width: 40em;\">\n<main>\n")
            .Append("<h1>").Append(Encode(content.Letter.Heading)).Append("</h1>\n");
        foreach (var paragraph in content.Letter.Paragraphs) html.Append("<p>").Append(Encode(paragraph)).Append("</p>\n");
        html.Append("<dl>\n");
        foreach (var detail in content.Details)
        {
            html.Append("<dt>").Append(Encode(detail.Label)).Append("</dt>\n<dd>").Append(Encode(detail.Value)).Append("</dd>\n");
        }
        html.Append("</dl>\n")
            .Append("<p><a href=\"").Append(Encode(content.Link)).Append("\">").Append(Encode(content.LinkText)).Append("</a></p>\n")
            .Append("</main>\n<footer>\n<p>").Append(Encode(content.Footer)).Append("</p>\n</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>An account e-mail as plain text: the link on a line of its own, so every mail client makes it clickable.</summary>
    public static string Text(AccountLetter letter, string link) =>
        $"{letter.Greeting}\n\n{letter.Lead}\n\n{link}\n\n{letter.Closing}\n";

    public static string Html(string language, AccountLetter letter, string link)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n")
            .Append("<html lang=\"").Append(Encode(language)).Append("\">\n")
            .Append("<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(letter.Subject)).Append("</title>\n</head>\n")
            .Append("<body style=\"font-family: sans-serif; line-height: 1.5; max-width: 40em;\">\n<main>\n")
            .Append("<p>").Append(Encode(letter.Greeting)).Append("</p>\n")
            .Append("<p>").Append(Encode(letter.Lead)).Append("</p>\n")
            .Append("<p><a href=\"").Append(Encode(link)).Append("\">").Append(Encode(letter.LinkText)).Append("</a></p>\n")
            .Append("<p>").Append(Encode(letter.Closing)).Append("</p>\n")
            .Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Encode(string value) => Encoder.Encode(value);
}
