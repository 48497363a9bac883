using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;

namespace CareSlot.Web.Features.Notifications.Delivery;

/// <summary>
/// Builds the one MIME message that both the SMTP transport sends and the development mailbox stores,
/// so what a developer opens in the mailbox is byte for byte what a server would receive.
/// </summary>
public sealed partial class EmailComposer(IOptions<EmailOptions> options, TimeProvider time)
{
    /// <exception cref="DeliveryException">The recipient is not one valid address (permanent).</exception>
    /// <exception cref="ArgumentException">The message's <see cref="EmailMessage.MessageId"/> is not of the form <c>left@right</c>.</exception>
    public MimeMessage Compose(EmailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var to = Recipient(message.To);
        if (message.MessageId is { } id && !MessageIdShape().IsMatch(id))
        {
            throw new ArgumentException("A Message-Id is printable ASCII of the form left@right, without angle brackets.", nameof(message));
        }

        var from = MailboxAddress.Parse(options.Value.From);
        var mime = new MimeMessage
        {
            Subject = OneLine(message.Subject),
            Date = time.GetUtcNow(),
            MessageId = message.MessageId ?? MimeUtils.GenerateMessageId(from.Domain),
            Body = Body(message),
        };
        mime.From.Add(from);
        mime.To.Add(to);
        // Every e-mail CareSlot sends is written by the system (RFC 3834): out-of-office replies and other
        // automatic answers are not sent back to a no-reply address.
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        // Encoded here rather than by the SMTP client, so the stored copy matches what goes on the wire
        // and any server accepts it (no 8BITMIME needed).
        mime.Prepare(EncodingConstraint.SevenBit);
        return mime;
    }

    /// <summary>The one address an e-mail goes to; the renderer also names it in calendar invitations.</summary>
    /// <exception cref="DeliveryException">Not one valid address (permanent).</exception>
    internal static MailboxAddress Recipient(string to)
    {
        if (!MailboxAddress.TryParse(to, out var address) || string.IsNullOrEmpty(address.Address) || !address.Address.Contains('@', StringComparison.Ordinal))
        {
            throw new DeliveryException("The e-mail was not sent: the recipient is not a valid address.", isTransient: false);
        }
        return address;
    }

    /// <summary>
    /// With an invitation, the layout Gmail and Outlook send and recognise: the calendar as the last alternative
    /// (<c>text/calendar; method=…</c>, the iMIP part that clients act on), and again as an <c>invite.ics</c>
    /// attachment for clients that show only attachments.
    /// </summary>
    private static MimeEntity Body(EmailMessage message)
    {
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody();
        if (message.Calendar is not { } calendar) return body;

        var alternatives = body as MultipartAlternative ?? new MultipartAlternative { body };
        var invitation = new TextPart("calendar") { Text = calendar.Content };
        invitation.ContentType.Parameters.Add("method", calendar.Method);
        alternatives.Add(invitation);
        var attachment = new MimePart("application", "ics")
        {
            Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes(calendar.Content))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "invite.ics",
        };
        return new Multipart("mixed") { alternatives, attachment };
    }

    /// <summary>A subject is one line; a line break from user data must not start a new header.</summary>
    private static string OneLine(string subject) =>
        subject.ReplaceLineEndings(" ");

    [GeneratedRegex("^[!-;=?A-~]+@[!-;=?A-~]+$", RegexOptions.CultureInvariant)]
    private static partial Regex MessageIdShape();
}
