using System.ComponentModel.DataAnnotations;

namespace CareSlot.Web.Features.Notifications.Delivery;

public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The sender of every e-mail; its domain also names the Message-Id.</summary>
    [Required]
    public string From { get; set; } = "CareSlot <no-reply@careslot.local>";
}

public enum SmtpSecurity
{
    /// <summary>
    /// Plain text. Only for a relay on the same host or a test server: refused outside Development unless
    /// <see cref="SmtpOptions.AllowPlainTextOutsideDevelopment"/> is set.
    /// </summary>
    None,

    /// <summary>Connect in plain text, then require STARTTLS (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,

    /// <summary>
    /// TLS on connect for port 465, otherwise STARTTLS when the server offers it: a server (or anyone in between) that
    /// does not offer it gets plain text, so it counts as <see cref="None"/> outside Development.
    /// </summary>
    Auto,
}

/// <summary>Bound only when <c>Email:Smtp:Host</c> is set; otherwise e-mail goes to the development mailbox.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Email:Smtp";

    [Required]
    public string Host { get; set; } = "";

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>No authentication when empty.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// Outside Development, <see cref="SmtpSecurity.None"/> and <see cref="SmtpSecurity.Auto"/> are refused on start: e-mail
    /// carries names, appointment times and links (GDPR Art. 32, HIPAA §164.312(e)). This lets them through anyway, for a
    /// relay on the same host or a private network that cannot speak TLS; named loudly so a review notices it.
    /// </summary>
    public bool AllowPlainTextOutsideDevelopment { get; set; }

    /// <summary>The connection is encrypted, or plain text is allowed here.</summary>
    public bool TransportIsAcceptable(IHostEnvironment environment) =>
        Security is SmtpSecurity.StartTls or SmtpSecurity.SslOnConnect || AllowPlainTextOutsideDevelopment || environment.IsDevelopment();

    public const string PlainTextRefused =
        "Email:Smtp:Security is None or Auto, which may send e-mail in plain text: outside Development use StartTls (port 587) " +
        "or SslOnConnect (port 465). For a relay on this host or a private network that cannot speak TLS, set " +
        "Email:Smtp:AllowPlainTextOutsideDevelopment=true.";
}

/// <summary>
/// A Twilio-style REST gateway. Bound only when <c>Sms:Gateway:BaseUrl</c> is set; otherwise text
/// messages go to the development mailbox.
/// </summary>
public sealed class SmsGatewayOptions
{
    public const string Section = "Sms:Gateway";

    /// <summary>For Twilio <c>https://api.twilio.com/2010-04-01</c>.</summary>
    [Required, Url]
    public string BaseUrl { get; set; } = "";

    [Required]
    public string AccountId { get; set; } = "";

    [Required]
    public string AuthToken { get; set; } = "";

    /// <summary>The sender: an E.164 number or whatever sender id the gateway accepts.</summary>
    [Required]
    public string From { get; set; } = "";

    /// <summary>Per attempt; a timed-out attempt is retried like a 5xx.</summary>
    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>First retry delay; later ones grow exponentially (with jitter).</summary>
    [Range(0, 60_000)]
    public int RetryBaseDelayMilliseconds { get; set; } = 1_000;

    /// <summary>
    /// Outside Development the gateway is reached over HTTPS: the request carries the phone number, the text and the
    /// gateway's credentials. Plain HTTP only to this machine (a local relay or a test gateway), never over a network.
    /// </summary>
    public bool TransportIsAcceptable(IHostEnvironment environment) =>
        environment.IsDevelopment() || !Uri.TryCreate(BaseUrl, UriKind.Absolute, out var url)
            || url.Scheme == Uri.UriSchemeHttps || url.IsLoopback;

    public const string PlainTextRefused =
        "Sms:Gateway:BaseUrl must be an https:// address outside Development (plain http only to this machine, such as http://127.0.0.1:8080).";
}

public sealed class MailboxOptions
{
    public const string Section = "Mailbox";

    /// <summary>Where the development transports write and the mailbox page reads; relative to the content root.</summary>
    [Required]
    public string Path { get; set; } = "data/mailbox";

    public string FullPath(IHostEnvironment environment) =>
        System.IO.Path.GetFullPath(Path, environment.ContentRootPath);
}
