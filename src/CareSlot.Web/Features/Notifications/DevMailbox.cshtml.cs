using System.Globalization;
using System.Text.RegularExpressions;
using CareSlot.Web.Features.Notifications.Delivery;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Notifications;

/// <summary>
/// What the app "sent" while no SMTP server or SMS gateway is configured. Development only: everywhere
/// else it does not exist (404), because the messages hold verification codes and links.
/// </summary>
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed partial class DevMailboxModel(DevelopmentMailbox mailbox, IWebHostEnvironment environment) : PageModel
{
    public IReadOnlyList<MailboxEntry> Entries { get; private set; } = [];
    public MailboxMessage? Message { get; private set; }
    public string DirectoryPath => mailbox.DirectoryPath;

    public async Task<IActionResult> OnGetAsync(string? file, CancellationToken ct)
    {
        if (!environment.IsDevelopment()) return NotFound();
        if (file is null)
        {
            Entries = await mailbox.ListAsync(ct);
            return Page();
        }
        Message = await mailbox.ReadAsync(file, ct);
        return Message is null ? NotFound() : Page();
    }

    public static string Machine(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Human(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The body as text, with its http(s) links made clickable; everything else is HTML-encoded.</summary>
    public static IHtmlContent WithLinks(string text)
    {
        var content = new HtmlContentBuilder();
        var position = 0;
        foreach (Match match in Link().Matches(text))
        {
            content.Append(text[position..match.Index]);
            var link = new TagBuilder("a");
            link.Attributes["href"] = match.Value;
            link.InnerHtml.Append(match.Value);
            content.AppendHtml(link);
            position = match.Index + match.Length;
        }
        content.Append(text[position..]);
        return content;
    }

    /// <summary>Only http and https, so a message cannot put a javascript: link on this page. Closing punctuation stays text.</summary>
    [GeneratedRegex(@"https?://[^\s<>""']+(?<![.,;:!?)\]])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Link();
}
