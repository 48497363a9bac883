using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Features.Notifications.Messages;
using Ical.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace CareSlot.Web.Tests.Features.Notifications.Messages;

/// <summary>Rendered appointment e-mails as <see cref="EmailComposer"/> puts them on the wire, parsed back as a mail client would.</summary>
public sealed class ComposedEmailTests
{
    private static readonly EmailComposer Composer =
        new(Options.Create(new EmailOptions()), new FakeTimeProvider(SampleAppointment.Now.ToDateTimeOffset()));

    /// <summary>Composed, written out as bytes and read back.</summary>
    private static MimeMessage Received(EmailMessage message)
    {
        using var composed = Composer.Compose(message);
        using var wire = new MemoryStream();
        composed.WriteTo(wire, TestContext.Current.CancellationToken);
        wire.Position = 0;
        return MimeMessage.Load(wire, TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData(NotificationTemplate.PatientBooked, "REQUEST")]
    [InlineData(NotificationTemplate.DoctorRescheduled, "REQUEST")]
    [InlineData(NotificationTemplate.PatientCancelled, "CANCEL")]
    public void Compose_AppointmentEmail_CarriesTheInvitationAsICalendarPartAndAttachment(NotificationTemplate template, string method)
    {
        var email = SampleAppointment.Email(template, SampleAppointment.Facts(template));

        using var received = Received(email);

        var mixed = Assert.IsType<Multipart>(received.Body);
        Assert.Equal("multipart/mixed", mixed.ContentType.MimeType);
        Assert.Equal(2, mixed.Count);
        var alternatives = Assert.IsType<MultipartAlternative>(mixed[0]);
        Assert.Equal(["text/plain", "text/html", "text/calendar"], alternatives.Select(p => p.ContentType.MimeType));
        var invitation = Assert.IsType<TextPart>(alternatives[2]);
        Assert.Equal(method, invitation.ContentType.Parameters["method"]);
        Assert.Equal("utf-8", invitation.ContentType.Charset, ignoreCase: true);
        Assert.Equal(method, Calendar.Load(invitation.Text)!.Method);
        // Text parts travel with the line endings of the wire; the attachment below keeps the bytes.
        Assert.Equal(email.Calendar!.Content.ReplaceLineEndings("\n"), invitation.Text.ReplaceLineEndings("\n"));

        var attachment = Assert.IsType<MimePart>(mixed[1]);
        Assert.Equal("application/ics", attachment.ContentType.MimeType);
        Assert.True(attachment.IsAttachment);
        Assert.Equal("invite.ics", attachment.FileName);
        using var ics = new MemoryStream();
        Assert.NotNull(attachment.Content);
        attachment.Content.DecodeTo(ics, TestContext.Current.CancellationToken);
        Assert.Equal(email.Calendar.Content, System.Text.Encoding.UTF8.GetString(ics.ToArray()));

        Assert.Contains(SampleAppointment.Facts().ManageLink.AbsoluteUri, received.TextBody, StringComparison.Ordinal);
        Assert.Contains("<h1>", received.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_MissedVisit_IsTextAndHtmlOnly()
    {
        var template = NotificationTemplate.PatientNoShow;

        using var received = Received(SampleAppointment.Email(template, SampleAppointment.Facts(template)));

        var body = Assert.IsType<MultipartAlternative>(received.Body);
        Assert.Equal(["text/plain", "text/html"], body.Select(p => p.ContentType.MimeType));
    }

    [Fact]
    public void Compose_GivenMessageId_IsTheSameOnEveryAttempt()
    {
        var email = SampleAppointment.Email(NotificationTemplate.PatientConfirmed, SampleAppointment.Facts());

        using var first = Received(email);
        using var second = Received(email);

        Assert.Equal(SampleAppointment.MessageId(NotificationTemplate.PatientConfirmed), first.MessageId);
        Assert.Equal(first.MessageId, second.MessageId);
    }

    [Fact]
    public void Compose_NoMessageIdGiven_MakesADifferentOneEachTime()
    {
        var email = new EmailMessage("ada@example.org", "Hello", "Hello", null);

        using var first = Received(email);
        using var second = Received(email);

        Assert.EndsWith("@careslot.local", first.MessageId, StringComparison.Ordinal);
        Assert.NotEqual(first.MessageId, second.MessageId);
    }

    [Theory]
    [InlineData("no-at-sign")]
    [InlineData("<a@careslot.local>")]
    [InlineData("a b@careslot.local")]
    [InlineData("a\r\nBcc: evil@example.org@careslot.local")]
    [InlineData("ä@careslot.local")]
    public void Compose_MessageIdNotLeftAtRight_IsRefused(string messageId)
    {
        var email = new EmailMessage("ada@example.org", "Hello", "Hello", null) { MessageId = messageId };

        Assert.Throws<ArgumentException>(() => Composer.Compose(email));
    }

    [Fact]
    public void Compose_AnyEmail_IsMarkedAsAutomatic()
    {
        using var received = Received(new EmailMessage("ada@example.org", "Hello", "Hello", null));

        Assert.Equal("auto-generated", received.Headers["Auto-Submitted"]);
    }

    [Fact]
    public void Compose_NameWithLineBreak_SubjectStaysOneLineAndAddsNoHeader()
    {
        var facts = SampleAppointment.Facts() with { DoctorName = "Dr. Weber\r\nBcc: evil@example.org" };

        using var received = Received(SampleAppointment.Email(NotificationTemplate.PatientBooked, facts));

        Assert.NotNull(received.Subject);
        Assert.DoesNotContain('\n', received.Subject);
        Assert.Empty(received.Bcc);
        Assert.Null(received.Headers["Bcc"]);
        Assert.Equal(["ada@example.org"], received.To.Mailboxes.Select(m => m.Address));
    }
}
