using System.Collections.Concurrent;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Notifications.Delivery;

/// <summary>
/// Sends e-mail over SMTP, keeping a few connections open between messages: a connection per message cost a TCP
/// (and in production a TLS) handshake, a greeting and an EHLO for each one. MailKit's client is not shared between
/// threads, so each send takes an idle connection for itself or opens a new one, and gives it back when done.
/// </summary>
public sealed partial class SmtpEmailTransport(
    EmailComposer composer, IOptions<SmtpOptions> options, TimeProvider time, ILogger<SmtpEmailTransport> logger) : IEmailTransport, IDisposable
{
    /// <summary>Idle connections kept: as many as the dispatcher sends at once, with room to spare.</summary>
    private const int MaxIdleConnections = 8;

    /// <summary>
    /// Like Postfix's own client: a connection idle longer than a few seconds is closed rather than trusted, and one
    /// connection carries a bounded number of messages (some servers refuse more per connection).
    /// </summary>
    private static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(5);
    private const int MaxMessagesPerConnection = 100;

    private readonly ConcurrentBag<Connection> idle = [];

    private sealed record Connection(SmtpClient Client, Socket Socket, int Sent, long IdleSince);

    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        using var mime = composer.Compose(message);
        var smtp = options.Value;
        var server = $"{smtp.Host}:{smtp.Port}";
        Connection? connection = null;
        try
        {
            connection = TakeIdle() ?? await ConnectAsync(smtp, ct);
            await connection.Client.SendAsync(mime, ct);
            GiveBack(connection with { Sent = connection.Sent + 1 });
            connection = null;
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
        finally
        {
            // After a failure the connection's state is unknown: it is not given back.
            if (connection is not null) connection.Client.Dispose();
        }
    }

    /// <summary>
    /// An idle connection still fit for a message, or null. One the server has closed (or written to unasked, as
    /// before a timeout) has something to read, and is dropped without a round trip.
    /// </summary>
    private Connection? TakeIdle()
    {
        var now = time.GetTimestamp();
        while (idle.TryTake(out var connection))
        {
            var fresh = time.GetElapsedTime(connection.IdleSince, now) <= MaxIdle;
            if (fresh && connection.Client.IsConnected && !connection.Socket.Poll(0, SelectMode.SelectRead)) return connection;
            connection.Client.Dispose();
        }
        return null;
    }

    private void GiveBack(Connection connection)
    {
        if (connection.Sent < MaxMessagesPerConnection && idle.Count < MaxIdleConnections)
        {
            idle.Add(connection with { IdleSince = time.GetTimestamp() });
            return;
        }
        // Closing politely is best effort: the message itself was accepted already.
        _ = QuitAsync(connection.Client);
    }

    private static async Task QuitAsync(SmtpClient client)
    {
        try
        {
            await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or SmtpProtocolException or OperationCanceledException)
        {
        }
        finally
        {
            client.Dispose();
        }
    }

    private static async Task<Connection> ConnectAsync(SmtpOptions smtp, CancellationToken ct)
    {
        var client = new SmtpClient();
        try
        {
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
            return new Connection(client, socket, Sent: 0, IdleSince: 0);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        while (idle.TryTake(out var connection)) connection.Client.Dispose();
    }

    internal static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
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
