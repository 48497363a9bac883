using System.ComponentModel.DataAnnotations;
using NodaTime;

namespace CareSlot.Web.Features.HelpDesk;

/// <summary>The help desk's SLA — how soon an agent's first answer is due, by the ticket's priority — and the zone its times are shown in.</summary>
public sealed class HelpDeskOptions : IValidatableObject
{
    public const string Section = "HelpDesk";

    /// <summary>Where the support team works: requests have no clinic, so their times are shown in this zone (IANA id).</summary>
    [Required]
    public string TimeZone { get; set; } = "Europe/Berlin";

    public DateTimeZone Zone => DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) ?? DateTimeZone.Utc;

    /// <summary>The support address's mailbox, which the app reads over IMAP: e-mails to it become requests and replies.</summary>
    public SupportMailboxOptions Mailbox { get; set; } = new();

    [Range(1, 720)]
    public int UrgentFirstReplyHours { get; set; } = 1;

    [Range(1, 720)]
    public int HighFirstReplyHours { get; set; } = 4;

    [Range(1, 720)]
    public int NormalFirstReplyHours { get; set; } = 8;

    [Range(1, 720)]
    public int LowFirstReplyHours { get; set; } = 24;

    public Duration FirstReplyTarget(TicketPriority priority) => Duration.FromHours(priority switch
    {
        TicketPriority.Urgent => UrgentFirstReplyHours,
        TicketPriority.High => HighFirstReplyHours,
        TicketPriority.Low => LowFirstReplyHours,
        _ => NormalFirstReplyHours,
    });

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone ?? "") is null)
        {
            yield return new ValidationResult($"HelpDesk:TimeZone '{TimeZone}' is not an IANA time zone, such as Europe/Berlin.", [nameof(TimeZone)]);
        }
    }
}

/// <summary>
/// Where e-mail to the support address arrives. Off while <see cref="Host"/> is empty. Messages the app has read are
/// marked seen and stay in the folder (the mail server's retention applies).
/// </summary>
public sealed class SupportMailboxOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 993;

    /// <summary><c>SslOnConnect</c> (port 993), <c>StartTls</c> (143), or <c>None</c> (only for a server on this machine).</summary>
    public MailKit.Security.SecureSocketOptions Security { get; set; } = MailKit.Security.SecureSocketOptions.SslOnConnect;

    public string? User { get; set; }

    public string? Password { get; set; }

    public string Folder { get; set; } = "INBOX";

    [Range(10, 3600)]
    public int PollSeconds { get; set; } = 60;

    /// <summary>
    /// Outside Development, <c>None</c>, <c>Auto</c> and <c>StartTlsWhenAvailable</c> are refused on start (patients' e-mails
    /// and the mailbox password would cross the network readable). This lets them through anyway, for a server on this
    /// host or a private network; named loudly so a review notices it.
    /// </summary>
    public bool AllowPlainTextOutsideDevelopment { get; set; }

    /// <summary>Off, encrypted, or plain text allowed here.</summary>
    public bool TransportIsAcceptable(IHostEnvironment environment) =>
        !Enabled || Security is MailKit.Security.SecureSocketOptions.SslOnConnect or MailKit.Security.SecureSocketOptions.StartTls
            || AllowPlainTextOutsideDevelopment || environment.IsDevelopment();

    public const string PlainTextRefused =
        "HelpDesk:Mailbox:Security may read the support mailbox in plain text: outside Development use SslOnConnect (port 993) " +
        "or StartTls (port 143). For a server on this host or a private network that cannot speak TLS, set " +
        "HelpDesk:Mailbox:AllowPlainTextOutsideDevelopment=true.";

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
