using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CareSlot.Web.Features.Notifications.Delivery;

public enum MailboxMessageKind
{
    Email,
    Sms,
}

/// <param name="FileName">The message's name in the mailbox, the only handle <see cref="DevelopmentMailbox.ReadAsync"/> accepts.</param>
/// <param name="To">The bare e-mail address or the E.164 number.</param>
/// <param name="Summary">The subject of an e-mail, the body of a text message.</param>
public sealed record MailboxEntry(string FileName, MailboxMessageKind Kind, string To, string Summary, DateTimeOffset SentAt);

public sealed record MailboxHeader(string Name, string Value);

/// <param name="Body">The text body of an e-mail, the body of a text message.</param>
/// <param name="HtmlBody">The HTML alternative of an e-mail, if it has one.</param>
public sealed record MailboxMessage(MailboxEntry Entry, IReadOnlyList<MailboxHeader> Headers, string Body, string? HtmlBody);

/// <summary>
/// Reads what the mailbox transports wrote: for the development mailbox page and for tests.
/// A message is opened only by a name that listing the directory returned, so no path can reach outside it.
/// </summary>
public sealed class DevelopmentMailbox(IOptions<MailboxOptions> options, IHostEnvironment environment)
{
    /// <summary>Listing parses every file; the newest this many are enough for a developer.</summary>
    public const int MaxListed = 200;

    public string DirectoryPath => options.Value.FullPath(environment);

    /// <summary>The newest messages first.</summary>
    public async Task<IReadOnlyList<MailboxEntry>> ListAsync(CancellationToken ct)
    {
        var entries = new List<MailboxEntry>();
        foreach (var name in FileNames().Take(MaxListed))
        {
            var message = await LoadAsync(name, ct);
            if (message is not null) entries.Add(message.Entry);
        }
        return entries;
    }

    /// <summary>One message by its <see cref="MailboxEntry.FileName"/>; null when no listed file has that name.</summary>
    public async Task<MailboxMessage?> ReadAsync(string fileName, CancellationToken ct)
    {
        var name = FileNames().FirstOrDefault(n => string.Equals(n, fileName, StringComparison.Ordinal));
        return name is null ? null : await LoadAsync(name, ct);
    }

    /// <summary>Names only (never paths), newest first: names start with the UTC time.</summary>
    private List<string> FileNames()
    {
        var directory = DirectoryPath;
        if (!Directory.Exists(directory)) return [];
        return Directory.EnumerateFiles(directory)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(n => n.EndsWith(MailboxFiles.EmailExtension, StringComparison.Ordinal) || n.EndsWith(MailboxFiles.SmsExtension, StringComparison.Ordinal))
            .OrderDescending(StringComparer.Ordinal)
            .ToList();
    }

    private async Task<MailboxMessage?> LoadAsync(string name, CancellationToken ct)
    {
        var path = Path.Combine(DirectoryPath, name);
        try
        {
            await using var stream = File.OpenRead(path);
            return name.EndsWith(MailboxFiles.EmailExtension, StringComparison.Ordinal)
                ? await LoadEmailAsync(name, stream, ct)
                : await LoadSmsAsync(name, stream, ct);
        }
        catch (FileNotFoundException)
        {
            return null; // deleted by hand between listing and reading
        }
        catch (JsonException)
        {
            return null; // not something the SMS transport wrote
        }
    }

    private static async Task<MailboxMessage> LoadEmailAsync(string name, Stream stream, CancellationToken ct)
    {
        using var mime = await MimeMessage.LoadAsync(stream, ct);
        var entry = new MailboxEntry(name, MailboxMessageKind.Email, mime.To.Mailboxes.FirstOrDefault()?.Address ?? "", mime.Subject ?? "", mime.Date);
        MailboxHeader[] headers =
        [
            new("From", mime.From.ToString()),
            new("To", mime.To.ToString()),
            new("Subject", entry.Summary),
            new("Date", mime.Date.ToString("R", CultureInfo.InvariantCulture)),
            new("Message-Id", mime.MessageId ?? ""),
        ];
        return new MailboxMessage(entry, headers, mime.TextBody ?? "", mime.HtmlBody);
    }

    private static async Task<MailboxMessage?> LoadSmsAsync(string name, Stream stream, CancellationToken ct)
    {
        var sms = await JsonSerializer.DeserializeAsync<MailboxFiles.SmsFile>(stream, MailboxFiles.Json, ct);
        if (sms is null) return null;
        var sentAt = new DateTimeOffset(DateTime.SpecifyKind(sms.SentAt.ToUniversalTime(), DateTimeKind.Utc));
        var entry = new MailboxEntry(name, MailboxMessageKind.Sms, sms.To, sms.Body, sentAt);
        return new MailboxMessage(entry,
            [new("To", sms.To), new("Sent", sentAt.ToString("R", CultureInfo.InvariantCulture))], sms.Body, null);
    }
}
