using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace CareSlot.Web.Tests.Features.Notifications.Delivery;

public sealed class SmtpEmailTransportTests(SmtpSink sink) : IClassFixture<SmtpSink>, IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private readonly List<IHost> hosts = [];

    private readonly FakeTimeProvider time = new(Now);

    private IEmailTransport Transport(Dictionary<string, string?> settings)
    {
        var host = DeliveryHost.Build(settings, time);
        hosts.Add(host);
        return host.Services.GetRequiredService<IEmailTransport>();
    }

    public void Dispose()
    {
        foreach (var host in hosts) host.Dispose();
    }

    [Fact]
    public async Task Send_TextAndHtml_ArrivesWithHeadersAndBothAlternatives()
    {
        var subject = $"Verify your email address {Guid.NewGuid():N}";
        await Transport(sink.Settings).SendAsync(new EmailMessage("Jürgen Müller <juergen@example.org>", subject,
            "Grüß Gott Jürgen,\n\nopen https://careslot.example/account/verify-email?token=abc within 24 hours.\n",
            "<p>Grüß Gott Jürgen,</p><p><a href=\"https://careslot.example/account/verify-email?token=abc\">Verify</a></p>"),
            TestContext.Current.CancellationToken);

        var received = await sink.WaitForMessageAsync(subject);
        Assert.Equal("juergen@example.org", Assert.Single(received.To.Mailboxes).Address);
        Assert.Equal("Jürgen Müller", received.To.Mailboxes.Single().Name);
        var from = Assert.Single(received.From.Mailboxes);
        Assert.Equal(("CareSlot", "no-reply@careslot.local"), (from.Name, from.Address));
        Assert.Equal(Now, received.Date);
        Assert.EndsWith("@careslot.local", received.MessageId, StringComparison.Ordinal);
        var body = Assert.IsType<MultipartAlternative>(received.Body);
        Assert.Equal(["text/plain", "text/html"], body.Select(part => part.ContentType.MimeType));
        Assert.Contains("Grüß Gott Jürgen,\n", received.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("https://careslot.example/account/verify-email?token=abc", received.TextBody, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://careslot.example/account/verify-email?token=abc\">", received.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_TextOnly_ArrivesAsPlainText()
    {
        var subject = $"Reminder {Guid.NewGuid():N}";

        await Transport(sink.Settings).SendAsync(
            new EmailMessage("ada@example.org", subject, "Your appointment is tomorrow.", null), TestContext.Current.CancellationToken);

        var received = await sink.WaitForMessageAsync(subject);
        Assert.IsType<TextPart>(received.Body);
        Assert.Null(received.HtmlBody);
        Assert.Equal("Your appointment is tomorrow.", received.TextBody!.Trim());
    }

    [Fact]
    public async Task Send_SubjectWithLineBreak_StaysOneHeader()
    {
        var marker = Guid.NewGuid().ToString("N");

        await Transport(sink.Settings).SendAsync(
            new EmailMessage("ada@example.org", $"Hello {marker}\r\nBcc: victim@example.org", "Body", null), TestContext.Current.CancellationToken);

        var received = await sink.WaitForMessageAsync($"Hello {marker} Bcc: victim@example.org");
        Assert.Empty(received.Bcc);
        Assert.DoesNotContain(received.Headers, h => h.Field == "Bcc");
    }

    [Fact]
    public async Task Send_SeveralMessagesInARow_ShareOneConnection()
    {
        await using var forwarder = new TcpForwarder(sink.Port);
        var transport = Transport(Through(forwarder));
        var marker = Guid.NewGuid().ToString("N");

        for (var i = 0; i < 3; i++)
        {
            await transport.SendAsync(new EmailMessage("ada@example.org", $"Message {i} {marker}", "Body", null), TestContext.Current.CancellationToken);
        }

        Assert.Equal(3, (await sink.MessagesAsync()).Count(m => m.Subject?.EndsWith(marker, StringComparison.Ordinal) == true));
        Assert.Equal(1, forwarder.Connections);
    }

    [Fact]
    public async Task Send_AfterTheServerClosedTheConnection_OpensANewOneAndDelivers()
    {
        await using var forwarder = new TcpForwarder(sink.Port);
        var transport = Transport(Through(forwarder));
        var marker = Guid.NewGuid().ToString("N");
        await transport.SendAsync(new EmailMessage("ada@example.org", $"First {marker}", "Body", null), TestContext.Current.CancellationToken);

        forwarder.CutAll();
        await transport.SendAsync(new EmailMessage("ada@example.org", $"Second {marker}", "Body", null), TestContext.Current.CancellationToken);

        await sink.WaitForMessageAsync($"Second {marker}");
        Assert.Equal(2, forwarder.Connections);
    }

    [Fact]
    public async Task Send_AfterTheConnectionSatIdleTooLong_OpensANewOne()
    {
        await using var forwarder = new TcpForwarder(sink.Port);
        var transport = Transport(Through(forwarder));
        var marker = Guid.NewGuid().ToString("N");
        await transport.SendAsync(new EmailMessage("ada@example.org", $"First {marker}", "Body", null), TestContext.Current.CancellationToken);

        time.Advance(TimeSpan.FromSeconds(4));
        await transport.SendAsync(new EmailMessage("ada@example.org", $"Second {marker}", "Body", null), TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(6));
        await transport.SendAsync(new EmailMessage("ada@example.org", $"Third {marker}", "Body", null), TestContext.Current.CancellationToken);

        await sink.WaitForMessageAsync($"Third {marker}");
        Assert.Equal(2, forwarder.Connections);
    }

    private Dictionary<string, string?> Through(TcpForwarder forwarder)
    {
        var settings = sink.Settings;
        settings["Email:Smtp:Port"] = forwarder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }

    [Fact]
    public async Task Send_ServerDown_ThrowsTransientDeliveryException()
    {
        var settings = sink.Settings;
        settings["Email:Smtp:Port"] = SmtpSink.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var error = await Assert.ThrowsAsync<DeliveryException>(() => Transport(settings).SendAsync(
            new EmailMessage("ada@example.org", "Your code is 482913", "482913", null), TestContext.Current.CancellationToken));

        Assert.True(error.IsTransient);
        Assert.Contains("could not be reached", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("482913", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("ada@example.org, eve@example.org")]
    [InlineData("")]
    public async Task Send_InvalidRecipient_ThrowsPermanentDeliveryException(string to)
    {
        var error = await Assert.ThrowsAsync<DeliveryException>(() => Transport(sink.Settings).SendAsync(
            new EmailMessage(to, "Subject", "Body", null), TestContext.Current.CancellationToken));

        Assert.False(error.IsTransient);
    }
}
