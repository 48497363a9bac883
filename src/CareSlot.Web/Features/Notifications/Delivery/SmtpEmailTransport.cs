using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Notifications.Delivery;

/// <summary>Sends each e-mail over its own SMTP connection (MailKit's client is not shared between threads).</summary>
public sealed partial class SmtpEmailTransport(
    EmailComposer composer, IOptions<SmtpOptions> options, ILogger<SmtpEmailTransport> logger) : IEmailTransport
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        using var mime = composer.Compose(message);
        var smtp = options.Value;
        var server = $"{smtp.Host}:{smtp.Port}";
        try
        {
            using var client = new SmtpClient();
            // Without TCP_NODELAY, a message of a few segments waits on the server's delayed ACK (~40 ms) at the end of
            // DATA: ten times the whole send. The client takes the socket over and closes it.
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(smtp.Host, smtp.Port, ct);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            await client.ConnectAsync(socket, smtp.Host, smtp.Port, SocketOptions(smtp.Security), ct);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
            }
            await client.SendAsync(mime, ct);
            await client.DisconnectAsync(quit: true, ct);
            LogSent(logger, server, mime.MessageId ?? "");
        }
        catch (SmtpCommandException e)
        {
            // 4xx replies (mailbox busy, greylisting, rate limits) are worth another try; 5xx are final.
            var code = (int)e.StatusCode;
            throw new DeliveryException(
                $"The SMTP server at {server} refused the e-mail: {code} ({e.ErrorCode}).", isTransient: code is >= 400 and < 500, e);
        }
        catch (AuthenticationException e)
        {
            throw new DeliveryException($"The SMTP server at {server} rejected the configured credentials (Email:Smtp:UserName).", isTransient: false, e);
        }
        catch (SslHandshakeException e)
        {
            throw new DeliveryException($"The TLS handshake with the SMTP server at {server} failed; check Email:Smtp:Security and the server's certificate.", isTransient: false, e);
        }
        catch (NotSupportedException e)
        {
            throw new DeliveryException($"The SMTP server at {server} does not support what Email:Smtp asks for: {e.Message}", isTransient: false, e);
        }
        catch (ServiceNotAuthenticatedException e)
        {
            throw new DeliveryException($"The SMTP server at {server} requires authentication; set Email:Smtp:UserName and Password.", isTransient: false, e);
        }
        catch (SocketException e)
        {
            throw new DeliveryException($"The SMTP server at {server} could not be reached ({e.SocketErrorCode}).", isTransient: true, e);
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or TimeoutException or ServiceNotConnectedException)
        {
            throw new DeliveryException($"The connection to the SMTP server at {server} failed while sending.", isTransient: true, e);
        }
    }

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.Auto => SecureSocketOptions.Auto,
        _ => throw new ArgumentOutOfRangeException(nameof(security), security, "Unknown Email:Smtp:Security."),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail {MessageId} handed to the SMTP server at {Server}")]
    private static partial void LogSent(ILogger logger, string server, string messageId);
}
