using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.Options;
using CareSlot.Web.Features.Messaging;
using MimeKit;

namespace CareSlot.Web.Features.HelpDesk;

/// <summary>
/// Reads the support address's mailbox over IMAP (MailKit): every unseen message is handed to
/// <see cref="ImportSupportEmail"/> in its own scope, then marked seen. A message that fails is marked with the keyword
/// <see cref="FailedKeyword"/> and left for a person (and the log), so one bad message never blocks the rest.
/// Automatic replies (out of office, bounces: <c>Auto-Submitted</c>) are marked seen and not imported: answering them
/// would start a loop of robots.
/// </summary>
public sealed partial class SupportMailbox(IServiceScopeFactory scopes, IOptions<HelpDeskOptions> options, ILogger<SupportMailbox> logger)
{
    public const string FailedKeyword = "CareSlotFailed";

    /// <summary>Reads what arrived since the last time; returns how many messages became requests or replies.</summary>
    public async Task<int> PollOnceAsync(CancellationToken ct)
    {
        var mailbox = options.Value.Mailbox;
        if (!mailbox.Enabled) return 0;
        using var client = new ImapClient();
        await client.ConnectAsync(mailbox.Host!, mailbox.Port, mailbox.Security, ct);
        await client.AuthenticateAsync(mailbox.User ?? "", mailbox.Password ?? "", ct);
        var folder = await client.GetFolderAsync(mailbox.Folder, ct);
        await folder.OpenAsync(FolderAccess.ReadWrite, ct);
        var imported = 0;
        foreach (var uid in await folder.SearchAsync(SearchQuery.NotSeen.And(SearchQuery.NotKeyword(FailedKeyword)), ct))
        {
            var message = await folder.GetMessageAsync(uid, ct);
            try
            {
                if (IsAutomatic(message))
                {
                    LogSkipped(logger, uid.Id);
                }
                else
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var (outcome, ticketId) = await scope.ServiceProvider.GetRequiredService<ImportSupportEmail>().HandleAsync(Inbound(message), ct);
                    LogImported(logger, uid.Id, outcome, ticketId);
                    if (outcome != InboundOutcome.AlreadyRead) imported++;
                }
                await folder.AddFlagsAsync(uid, MessageFlags.Seen, silent: true, ct);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(logger, exception, uid.Id);
                await folder.AddFlagsAsync(uid, MessageFlags.None, new HashSet<string> { FailedKeyword }, silent: true, ct);
            }
        }
        await client.DisconnectAsync(quit: true, ct);
        return imported;
    }

    private static bool IsAutomatic(MimeMessage message) =>
        message.Headers[HeaderId.AutoSubmitted] is { } auto && !auto.Trim().Equals("no", StringComparison.OrdinalIgnoreCase);

    private static InboundEmail Inbound(MimeMessage message)
    {
        var from = message.From.Mailboxes.FirstOrDefault() ?? throw new InvalidOperationException("The message names no sender.");
        // A message without a Message-Id still needs one that is the same each time it is read.
        var messageId = message.MessageId ?? $"no-id.{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{from.Address}|{message.Date:O}|{message.Subject}")))}@careslot.invalid";
        var references = message.References.Prepend(message.InReplyTo).OfType<string>().ToList();
        return new InboundEmail(messageId, from.Address, from.Name, message.Subject, message.TextBody ?? HtmlAsText(message.HtmlBody), references,
            [.. message.Attachments.OfType<MimePart>().Take(TicketFile.MaxPerEmail + 5).Select(Attachment)]);
    }

    /// <summary>The file's bytes; one larger than an upload may be arrives empty, so it is refused and named in the post.</summary>
    private static AttachmentUpload Attachment(MimePart part)
    {
        using var content = new MemoryStream();
        part.Content?.DecodeTo(content);
        return new AttachmentUpload(part.FileName, content.Length > MessageAttachment.MaxBytes ? [] : content.ToArray());
    }

    /// <summary>A message with only HTML: its text, tags dropped (the words are shown as text, never as markup).</summary>
    private static string? HtmlAsText(string? html) =>
        html is null ? null : System.Net.WebUtility.HtmlDecode(TagPattern().Replace(BlockEnd().Replace(html, "\n"), ""));

    [System.Text.RegularExpressions.GeneratedRegex("<[^>]*>")]
    private static partial System.Text.RegularExpressions.Regex TagPattern();

    [System.Text.RegularExpressions.GeneratedRegex("(?i)<br\\s*/?>|</p>|</div>")]
    private static partial System.Text.RegularExpressions.Regex BlockEnd();

    [LoggerMessage(Level = LogLevel.Information, Message = "Support mailbox: message {Uid} read as {Outcome} for request {TicketId}")]
    private static partial void LogImported(ILogger logger, uint uid, InboundOutcome outcome, long ticketId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Support mailbox: message {Uid} is an automatic reply and was not imported")]
    private static partial void LogSkipped(ILogger logger, uint uid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Support mailbox: message {Uid} could not be read; it is marked and left for a person")]
    private static partial void LogFailed(ILogger logger, Exception exception, uint uid);
}

/// <summary>Polls the support mailbox every <see cref="SupportMailboxOptions.PollSeconds"/> while one is configured.</summary>
public sealed partial class SupportMailboxPoller(SupportMailbox mailbox, IOptions<HelpDeskOptions> options, TimeProvider time, ILogger<SupportMailboxPoller> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Mailbox.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await mailbox.PollOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogUnreachable(logger, exception);
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(options.Value.Mailbox.PollSeconds), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Support mailbox: could not be read; trying again at the next poll")]
    private static partial void LogUnreachable(ILogger logger, Exception exception);
}
