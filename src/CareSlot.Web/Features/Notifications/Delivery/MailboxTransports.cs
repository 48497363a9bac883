using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Notifications.Delivery;

/// <summary>
/// Development stand-in for SMTP: writes each e-mail as a complete <c>.eml</c> file, exactly as it would be sent.
/// Used when <c>Email:Smtp:Host</c> is not set.
/// </summary>
public sealed partial class MailboxEmailTransport(
    EmailComposer composer, MailboxWriter writer, IHostEnvironment environment, ILogger<MailboxEmailTransport> logger) : IEmailTransport
{
    private int warned;

    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        using var mime = composer.Compose(message);
        if (!environment.IsDevelopment() && Interlocked.Exchange(ref warned, 1) == 0) LogNotDelivered(logger, writer.DirectoryPath);
        await writer.WriteAsync(mime.Date, MailboxFiles.EmailExtension, stream => mime.WriteToAsync(stream, ct), ct);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Email:Smtp:Host is not set: e-mail is written to the development mailbox at {Directory} and nobody receives it")]
    private static partial void LogNotDelivered(ILogger logger, string directory);
}

/// <summary>
/// Development stand-in for the SMS gateway: writes each text message as a <c>.json</c> file
/// <c>{ "to", "body", "sentAt" }</c>. Used when <c>Sms:Gateway:BaseUrl</c> is not set.
/// </summary>
public sealed partial class MailboxSmsTransport(
    MailboxWriter writer, TimeProvider time, IHostEnvironment environment, ILogger<MailboxSmsTransport> logger) : ISmsTransport
{
    private int warned;

    public async Task SendAsync(SmsMessage message, CancellationToken ct)
    {
        SmsRecipient.EnsureE164(message);
        if (!environment.IsDevelopment() && Interlocked.Exchange(ref warned, 1) == 0) LogNotDelivered(logger, writer.DirectoryPath);
        var now = time.GetUtcNow();
        var file = new MailboxFiles.SmsFile(message.To, message.Body, now.UtcDateTime);
        await writer.WriteAsync(now, MailboxFiles.SmsExtension, stream => JsonSerializer.SerializeAsync(stream, file, MailboxFiles.Json, ct), ct);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Sms:Gateway:BaseUrl is not set: text messages are written to the development mailbox at {Directory} and nobody receives them")]
    private static partial void LogNotDelivered(ILogger logger, string directory);
}

/// <summary>Writes the files of the mailbox transports; <see cref="DevelopmentMailbox"/> reads them.</summary>
public sealed class MailboxWriter(IOptions<MailboxOptions> options, IHostEnvironment environment)
{
    private readonly Lock gate = new();
    private long lastTicks;

    public string DirectoryPath => options.Value.FullPath(environment);

    /// <summary>
    /// Writes one message and returns its file name. Names sort by time (UTC, digits only, to the 100 ns tick)
    /// and are unique (a GUID); lower case, so lower-case URLs leave them alone. The time in the name never
    /// repeats or goes back within this app, so messages sent while a test clock stands still keep their order.
    /// The file is written under a temporary name and then renamed, so a reader never sees half a message.
    /// </summary>
    public async Task<string> WriteAsync(DateTimeOffset sentAt, string extension, Func<Stream, Task> write, CancellationToken ct)
    {
        long ticks;
        lock (gate)
        {
            ticks = lastTicks = Math.Max(sentAt.UtcTicks, lastTicks + 1);
        }
        var stamp = new DateTime(ticks, DateTimeKind.Utc);
        var name = string.Create(CultureInfo.InvariantCulture, $"{stamp:yyyyMMddHHmmssfffffff}-{Guid.NewGuid():N}{extension}");
        var directory = DirectoryPath;
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        var temporary = path + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
        {
            await write(stream);
            await stream.FlushAsync(ct);
        }
        File.Move(temporary, path);
        return name;
    }
}

/// <summary>The file layout shared by the mailbox transports and <see cref="DevelopmentMailbox"/>.</summary>
internal static class MailboxFiles
{
    public const string EmailExtension = ".eml";
    public const string SmsExtension = ".json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <param name="SentAt">UTC, so it is written as ISO-8601 with a trailing <c>Z</c>.</param>
    public sealed record SmsFile(string To, string Body, DateTime SentAt);
}
