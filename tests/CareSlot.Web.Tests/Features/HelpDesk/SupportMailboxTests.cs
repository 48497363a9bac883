using System.Net.Http.Json;
using CareSlot.Web.Features.HelpDesk;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Features.Notifications.Outbox;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using MailKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace CareSlot.Web.Tests.Features.HelpDesk;

public sealed class SupportMailboxTestsOnSqlite(SqliteAppWithMailboxes app) : SupportMailboxTests(app, app.Imap, app.Smtp), IClassFixture<SqliteAppWithMailboxes>;

public sealed class SupportMailboxTestsOnPostgres(PostgresAppWithMailboxes app) : SupportMailboxTests(app, app.Imap, app.Smtp), IClassFixture<PostgresAppWithMailboxes>;

/// <summary>
/// Requests by e-mail: a real IMAP server (Dovecot) holds the support mailbox the app reads; answers leave through a real
/// SMTP server (aiosmtpd), and a reply to one finds its request again by its Message-Id.
/// </summary>
public abstract class SupportMailboxTests(CareSlotApp app, ImapServer imap, SmtpSink smtp)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<int> PollAsync() => app.Services.GetRequiredService<SupportMailbox>().PollOnceAsync(Ct);

    private static MimeMessage Email(string from, string subject, string text, string? inReplyTo = null)
    {
        var message = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = text } };
        message.From.Add(new MailboxAddress("Elsa Emailer", from));
        message.To.Add(MailboxAddress.Parse(ImapServer.User));
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.org");
        if (inReplyTo is not null)
        {
            message.InReplyTo = inReplyTo;
            message.References.Add(inReplyTo);
        }
        return message;
    }

    private async Task<MimeMessage> SentToAsync(string address, string subjectStart)
    {
        await app.DispatchAsync();
        var messages = await smtp.MessagesAsync();
        return messages.Single(m => m.To.Mailboxes.Any(to => to.Address == address) && (m.Subject ?? "").StartsWith(subjectStart, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnEmail_BecomesARequest_TheAnswerGoesBackByEmail_AndTheReplyToItJoinsTheRequest()
    {
        var from = $"elsa-{Guid.NewGuid():N}@example.org";
        await imap.DeliverAsync(Email(from, "Password reset never arrives", "I asked three times.\u0007 Nothing came."));
        Assert.Equal(1, await PollAsync());
        Assert.Equal(0, await PollAsync()); // read once: marked seen

        var ticket = await app.WithDbAsync(db => db.SupportTickets.AsNoTracking().SingleAsync(t => t.RequesterEmail == from, Ct));
        Assert.Equal((TicketCategory.Other, TicketStatus.New, "Elsa Emailer"), (ticket.Category, ticket.Status, ticket.RequesterName));
        Assert.Null(ticket.RequesterId);
        var received = await SentToAsync(from, $"[CareSlot #{ticket.Id}] Password reset never arrives");
        Assert.Contains($"/help/tickets/{ticket.Id}?key=", received.TextBody, StringComparison.Ordinal);
        Assert.Contains(await imap.SummariesAsync(), m => m.Subject == "Password reset never arrives" && m.Flags.HasFlag(MessageFlags.Seen));

        var agent = await app.SignInAsync(Caller.Support);
        var work = await (await agent.Bearer.GetAsync(new Uri($"/api/v1/support/tickets/{ticket.Id}", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<TicketView>();
        Assert.Equal("I asked three times. Nothing came.", work.Posts.Single().Message); // the bell is dropped, never stored
        var answered = await agent.Bearer.PostAsJsonAsync($"/api/v1/support/tickets/{ticket.Id}/answers",
            new { kind = "reply", message = "Check your spam folder, please." }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.Created, answered.StatusCode);
        var answer = await SentToAsync(from, $"[CareSlot #{ticket.Id}] Re: Password reset never arrives");
        Assert.Contains("Check your spam folder, please.", answer.TextBody, StringComparison.Ordinal);
        Assert.StartsWith($"ticket.{ticket.Id}.", answer.MessageId, StringComparison.Ordinal);

        // The requester's mail program answers the answer: it quotes its Message-Id, not the reference.
        await imap.DeliverAsync(Email(from, "Re: your answer", "Found it in spam, thanks!", inReplyTo: answer.MessageId));
        Assert.Equal(1, await PollAsync());
        var after = await (await agent.Bearer.GetAsync(new Uri($"/api/v1/support/tickets/{ticket.Id}", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<TicketView>();
        Assert.Equal(["requester", "reply", "requester"], after.Posts.Select(p => p.Kind));
        Assert.Equal("Found it in spam, thanks!", after.Posts[^1].Message);
        Assert.Equal("open", after.Status);
        Assert.Equal(1, await app.WithDbAsync(db => db.SupportTickets.CountAsync(t => t.RequesterEmail == from, Ct)));
    }

    [Fact]
    public async Task ASenderWhoIsNotTheRequester_CannotJoinTheRequest_AnAccountHolderIsKnown_AndRobotsAreIgnored()
    {
        var patient = (await app.CreatePatientsAsync(1))[0];
        await imap.DeliverAsync(Email(patient.Email, "Cannot sign in", "My password does not work."));
        Assert.Equal(1, await PollAsync());
        var ticket = await app.WithDbAsync(db => db.SupportTickets.AsNoTracking().SingleAsync(t => t.RequesterEmail == patient.Email, Ct));
        Assert.Equal(patient.Id, ticket.RequesterId); // the account's: it lists the request on the site too
        var mine = await (await patient.Client.GetAsync(new Uri("/api/v1/tickets", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<List<TicketSummary>>();
        Assert.Contains(mine, t => t.Id == ticket.Id);

        // Someone else names the request in the subject: a new request of theirs, nothing added to the patient's.
        var stranger = $"stranger-{Guid.NewGuid():N}@example.org";
        await imap.DeliverAsync(Email(stranger, $"Re: [CareSlot #{ticket.Id}] Cannot sign in", "Let me in too."));
        Assert.Equal(1, await PollAsync());
        Assert.Equal(1, await app.WithDbAsync(db => db.TicketPosts.CountAsync(p => p.TicketId == ticket.Id, Ct)));
        Assert.Equal(1, await app.WithDbAsync(db => db.SupportTickets.CountAsync(t => t.RequesterEmail == stranger, Ct)));

        var outOfOffice = Email(stranger, "Automatic reply: Re: [CareSlot]", "I am away until Monday.");
        outOfOffice.Headers.Add(HeaderId.AutoSubmitted, "auto-replied");
        await imap.DeliverAsync(outOfOffice);
        Assert.Equal(0, await PollAsync());
        Assert.Equal(1, await app.WithDbAsync(db => db.SupportTickets.CountAsync(t => t.RequesterEmail == stranger, Ct)));
        Assert.Contains(await imap.SummariesAsync(), m => m.Subject.StartsWith("Automatic reply", StringComparison.Ordinal) && m.Flags.HasFlag(MessageFlags.Seen));
    }

    [Fact]
    public async Task AnEmailsFiles_AreKeptWhenTheyArePdfJpegOrPng_OthersAreNamedInThePost()
    {
        var from = $"elsa-{Guid.NewGuid():N}@example.org";
        var builder = new BodyBuilder { TextBody = "My referral letter is attached." };
        builder.Attachments.Add("referral.pdf", Messaging.MessagingTestKit.Pdf, new ContentType("application", "pdf"));
        builder.Attachments.Add("tool.pdf", Messaging.MessagingTestKit.Exe, new ContentType("application", "pdf"));
        var message = Email(from, "Referral letter", "");
        message.Body = builder.ToMessageBody();
        await imap.DeliverAsync(message);
        Assert.Equal(1, await PollAsync());

        var ticketId = await app.WithDbAsync(db => db.SupportTickets.Where(t => t.RequesterEmail == from).Select(t => t.Id).SingleAsync(Ct));
        var agent = await app.SignInAsync(Caller.Support);
        var work = await (await agent.Bearer.GetAsync(new Uri($"/api/v1/support/tickets/{ticketId}", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<TicketView>();
        var post = work.Posts.Single();
        var file = Assert.Single(post.Files);
        Assert.Equal(("referral.pdf", "application/pdf"), (file.FileName, file.ContentType));
        Assert.Contains("tool.pdf", post.Message, StringComparison.Ordinal);
        var download = await agent.Bearer.GetAsync(new Uri($"/api/v1/support/tickets/{ticketId}/files/{file.Id}", UriKind.Relative), Ct);
        Assert.Equal(Messaging.MessagingTestKit.Pdf, await download.Content.ReadAsByteArrayAsync(Ct));
    }
}
