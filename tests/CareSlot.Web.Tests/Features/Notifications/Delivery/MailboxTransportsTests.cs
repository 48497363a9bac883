using System.Text.Json;
using CareSlot.Web.Features.Notifications.Delivery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace CareSlot.Web.Tests.Features.Notifications.Delivery;

/// <summary>The development mailbox: the transports that write it and <see cref="DevelopmentMailbox"/>, which reads it.</summary>
public sealed class MailboxTransportsTests : IDisposable
{
    private readonly string contentRoot = Path.Combine(Path.GetTempPath(), $"careslot-content-{Guid.NewGuid():N}");
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero));
    private readonly IHost host;

    public MailboxTransportsTests()
    {
        Directory.CreateDirectory(contentRoot);
        host = DeliveryHost.Build(new Dictionary<string, string?> { ["Mailbox:Path"] = "mail" }, clock, contentRoot);
    }

    public void Dispose()
    {
        host.Dispose();
        Directory.Delete(contentRoot, recursive: true);
    }

    private string MailboxDirectory => Path.Combine(contentRoot, "mail");
    private DevelopmentMailbox Mailbox => host.Services.GetRequiredService<DevelopmentMailbox>();

    private Task SendAsync(EmailMessage message) =>
        host.Services.GetRequiredService<IEmailTransport>().SendAsync(message, TestContext.Current.CancellationToken);

    private Task SendAsync(SmsMessage message) =>
        host.Services.GetRequiredService<ISmsTransport>().SendAsync(message, TestContext.Current.CancellationToken);

    [Fact]
    public async Task SendEmail_NoSmtpServer_WritesAnEmlThatParsesBackAsSent()
    {
        await SendAsync(new EmailMessage("Ada Lovelace <ada@example.org>", "Verify your email — Zürich",
            "Open https://careslot.example/verify?token=a%2Bb within 24 hours.\n", "<p>Open <a href=\"https://careslot.example/verify?token=a%2Bb\">this link</a>.</p>"));

        var file = Assert.Single(Directory.GetFiles(MailboxDirectory));
        Assert.Matches(@"^[0-9]{21}-[0-9a-f]{32}\.eml$", Path.GetFileName(file));
        using var parsed = await MimeMessage.LoadAsync(file, TestContext.Current.CancellationToken);
        Assert.Equal("Verify your email — Zürich", parsed.Subject);
        Assert.Equal("Open https://careslot.example/verify?token=a%2Bb within 24 hours.\n", parsed.TextBody!.ReplaceLineEndings("\n"));
        Assert.Equal("<p>Open <a href=\"https://careslot.example/verify?token=a%2Bb\">this link</a>.</p>", parsed.HtmlBody!.TrimEnd());
        Assert.Equal(("Ada Lovelace", "ada@example.org"), (parsed.To.Mailboxes.Single().Name, parsed.To.Mailboxes.Single().Address));
        Assert.Equal("no-reply@careslot.local", parsed.From.Mailboxes.Single().Address);
        Assert.Equal(clock.GetUtcNow(), parsed.Date);
        Assert.EndsWith("@careslot.local", parsed.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendSms_NoGateway_WritesJsonWithRecipientBodyAndUtcTime()
    {
        await SendAsync(new SmsMessage("+4915112345678", "482913 is your CareSlot verification code."));

        var file = Assert.Single(Directory.GetFiles(MailboxDirectory));
        Assert.Matches(@"^[0-9]{21}-[0-9a-f]{32}\.json$", Path.GetFileName(file));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
        Assert.Equal("+4915112345678", json.RootElement.GetProperty("to").GetString());
        Assert.Equal("482913 is your CareSlot verification code.", json.RootElement.GetProperty("body").GetString());
        Assert.Equal("2026-03-01T09:30:00Z", json.RootElement.GetProperty("sentAt").GetString());
    }

    [Fact]
    public async Task List_EmailsAndTextMessages_NewestFirst()
    {
        await SendAsync(new EmailMessage("first@example.org", "First", "1", null));
        clock.Advance(TimeSpan.FromMinutes(1));
        await SendAsync(new SmsMessage("+4915112345678", "Second"));
        clock.Advance(TimeSpan.FromMinutes(1));
        await SendAsync(new EmailMessage("Third Person <third@example.org>", "Third", "3", "<p>3</p>"));

        var entries = await Mailbox.ListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["Third", "Second", "First"], entries.Select(e => e.Summary));
        Assert.Equal([MailboxMessageKind.Email, MailboxMessageKind.Sms, MailboxMessageKind.Email], entries.Select(e => e.Kind));
        Assert.Equal(["third@example.org", "+4915112345678", "first@example.org"], entries.Select(e => e.To));
        Assert.Equal(clock.GetUtcNow(), entries[0].SentAt);
        Assert.Equal(clock.GetUtcNow().AddMinutes(-1), entries[1].SentAt);
    }

    [Fact]
    public async Task List_SentWhileTheClockStandsStill_KeepsTheOrderOfSending()
    {
        for (var i = 1; i <= 5; i++) await SendAsync(new SmsMessage("+4915112345678", $"Message {i}"));

        var entries = await Mailbox.ListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["Message 5", "Message 4", "Message 3", "Message 2", "Message 1"], entries.Select(e => e.Summary));
    }

    [Fact]
    public async Task Read_ListedEmail_ReturnsHeadersAndBodies()
    {
        await SendAsync(new EmailMessage("Ada <ada@example.org>", "Welcome", "Hello Ada", "<p>Hello Ada</p>"));
        var entry = Assert.Single(await Mailbox.ListAsync(TestContext.Current.CancellationToken));

        var message = await Mailbox.ReadAsync(entry.FileName, TestContext.Current.CancellationToken);

        Assert.NotNull(message);
        Assert.Equal(entry, message.Entry);
        Assert.Equal("Hello Ada", message.Body.Trim());
        Assert.Equal("<p>Hello Ada</p>", message.HtmlBody?.Trim());
        Assert.Equal(["From", "To", "Subject", "Date", "Message-Id"], message.Headers.Select(h => h.Name));
        Assert.Contains("ada@example.org", message.Headers.Single(h => h.Name == "To").Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_ListedSms_ReturnsTheBody()
    {
        await SendAsync(new SmsMessage("+4915112345678", "Your code is 123456"));
        var entry = Assert.Single(await Mailbox.ListAsync(TestContext.Current.CancellationToken));

        var message = await Mailbox.ReadAsync(entry.FileName, TestContext.Current.CancellationToken);

        Assert.Equal("Your code is 123456", message?.Body);
        Assert.Null(message?.HtmlBody);
    }

    [Theory]
    [InlineData("../secret.eml")]
    [InlineData("..%2Fsecret.eml")]
    [InlineData("mail/../../secret.eml")]
    [InlineData("notes.txt")]
    [InlineData("")]
    [InlineData(".")]
    public async Task Read_NameNotInTheListing_ReturnsNull(string name)
    {
        await SendAsync(new EmailMessage("ada@example.org", "Inside", "Inside", null));
        await File.WriteAllTextAsync(Path.Combine(contentRoot, "secret.eml"), "Subject: Secret\r\n\r\nSecret\r\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(MailboxDirectory, "notes.txt"), "not a message", TestContext.Current.CancellationToken);

        Assert.Null(await Mailbox.ReadAsync(name, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Read_FullPathOfAListedFile_ReturnsNull()
    {
        await SendAsync(new EmailMessage("ada@example.org", "Inside", "Inside", null));
        var file = Assert.Single(Directory.GetFiles(MailboxDirectory));

        Assert.Null(await Mailbox.ReadAsync(file, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task List_NothingSentYet_IsEmpty()
    {
        Assert.Empty(await Mailbox.ListAsync(TestContext.Current.CancellationToken));
    }
}
