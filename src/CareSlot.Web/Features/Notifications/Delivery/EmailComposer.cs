using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;

namespace CareSlot.Web.Features.Notifications.Delivery;

/// <summary>
/// Builds the one MIME message that both the SMTP transport sends and the development mailbox stores,
/// so what a developer opens in the mailbox is byte for byte what a server would receive.
/// </summary>
public sealed class EmailComposer(IOptions<EmailOptions> options, TimeProvider time)
{
    /// <exception cref="DeliveryException">The recipient is not one valid address (permanent).</exception>
    public MimeMessage Compose(EmailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!MailboxAddress.TryParse(message.To, out var to) || string.IsNullOrEmpty(to.Address) || !to.Address.Contains('@', StringComparison.Ordinal))
        {
            throw new DeliveryException("The e-mail was not sent: the recipient is not a valid address.", isTransient: false);
        }

        var from = MailboxAddress.Parse(options.Value.From);
        var mime = new MimeMessage
        {
            Subject = OneLine(message.Subject),
            Date = time.GetUtcNow(),
            MessageId = MimeUtils.GenerateMessageId(from.Domain),
            Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody(),
        };
        mime.From.Add(from);
        mime.To.Add(to);
        // Encoded here rather than by the SMTP client, so the stored copy matches what goes on the wire
        // and any server accepts it (no 8BITMIME needed).
        mime.Prepare(EncodingConstraint.SevenBit);
        return mime;
    }

    /// <summary>A subject is one line; a line break from user data must not start a new header.</summary>
    private static string OneLine(string subject) =>
        subject.ReplaceLineEndings(" ");
}
