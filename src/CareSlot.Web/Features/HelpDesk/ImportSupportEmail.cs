using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CareSlot.Web.Features.Messaging;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.HelpDesk;

/// <summary>An e-mail to the support address, as the mailbox reader hands it over.</summary>
/// <param name="References">The Message-Ids of In-Reply-To and References, without angle brackets.</param>
/// <param name="Attachments">The e-mail's attached files as they came (at most a few more than <see cref="TicketFile.MaxPerEmail"/>; an
/// over-large one with no content, so it is named and refused).</param>
public sealed record InboundEmail(string MessageId, string FromAddress, string? FromName, string? Subject, string? Text, IReadOnlyList<string> References,
    IReadOnlyList<AttachmentUpload>? Attachments = null);

public enum InboundOutcome
{
    NewTicket,
    Reply,

    /// <summary>Read before (the same Message-Id): nothing new.</summary>
    AlreadyRead,
}

/// <summary>
/// Turns an e-mail to the support address into help-desk work. A reply — it quotes the Message-Id of one of our e-mails
/// about a request (In-Reply-To, References), or names the request in its subject ("[CareSlot #1042]") — from the
/// request's own address joins that request and opens it again; anything else (another sender, a closed request, a
/// request that does not exist) opens a new request, answered like one from the site. The sender's account is its
/// requester when the address is one; otherwise the sender is a visitor and gets a key. Nothing in an e-mail can be
/// refused as a form is: control characters are dropped and long text cut, never lost silently (a note says so).
/// </summary>
public sealed partial class ImportSupportEmail(TicketDesk desk)
{
    public async Task<(InboundOutcome Outcome, long TicketId)> HandleAsync(InboundEmail email, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(email);
        var messageId = Truncate(email.MessageId, TicketPost.EmailMessageIdMaxLength);
        if (await desk.Db.TicketPosts.AsNoTracking().Where(p => p.EmailMessageId == messageId).Select(p => (long?)p.TicketId).FirstOrDefaultAsync(ct)
            is { } known)
        {
            return (InboundOutcome.AlreadyRead, known);
        }

        var from = email.FromAddress.Trim();
        var body = Text(email.Text, TicketPost.BodyMaxLength, desk.Text["(The rest of the e-mail was too long and has been left out.)"]);
        if (body.Length == 0) body = desk.Text["(The e-mail had no text.)"];
        var (files, refused) = Files(email.Attachments ?? []);
        if (refused.Count > 0)
        {
            body = Text(body + "\n\n" + desk.Text["(Not kept: {0}. Only PDF, JPEG and PNG files up to 10 MB are kept, {1} at most.)", string.Join(", ", refused),
                TicketFile.MaxPerEmail], TicketPost.BodyMaxLength, "…");
        }
        if (await ThreadAsync(email, from, ct) is { } ticket)
        {
            await desk.InTransactionAsync(() =>
            {
                var post = desk.AddPost(ticket, TicketPostKind.Requester, ticket.RequesterId, body, emailMessageId: messageId);
                foreach (var file in files) desk.AddFile(post, file);
                ticket.RequesterWrote(desk.Now);
                return Task.CompletedTask;
            }, ct);
            return (InboundOutcome.Reply, ticket.Id);
        }

        var normalized = from.ToUpperInvariant();
        var account = await desk.Db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized)
            .Select(u => new { u.Id, u.FullName, u.PreferredLanguage }).FirstOrDefaultAsync(ct);
        var subject = Text(email.Subject, TicketPost.SubjectMaxLength, "…");
        var fromName = Text(email.FromName, OpenTicket.NameMaxLength, "");
        var name = account?.FullName ?? (fromName.Length > 0 ? fromName : from);
        var opened = await desk.CreateAsync(account?.Id, from, name, account?.PreferredLanguage ?? "en", TicketCategory.Other, appointmentId: null,
            subject.Length > 0 ? subject : desk.Text["(no subject)"], body, ct, messageId, files);
        return (InboundOutcome.NewTicket, opened.Ticket.Id);
    }

    /// <summary>The files kept (checked as the site's uploads are, the first few), and the names of those refused.</summary>
    private (List<AttachmentUpload> Kept, List<string> Refused) Files(IReadOnlyList<AttachmentUpload> attachments)
    {
        var kept = new List<AttachmentUpload>();
        var refused = new List<string>();
        foreach (var attachment in attachments)
        {
            var errors = new Dictionary<string, string[]>();
            desk.CheckFile(attachment, errors);
            if (errors.Count == 0 && kept.Count < TicketFile.MaxPerEmail) kept.Add(attachment);
            else refused.Add(Text(attachment.FileName, 100, "…") is { Length: > 0 } name ? name : "?");
        }
        return (kept, refused);
    }

    /// <summary>The open request this e-mail answers, if its sender is that request's requester.</summary>
    private async Task<SupportTicket?> ThreadAsync(InboundEmail email, string from, CancellationToken ct)
    {
        var candidates = email.References.Select(r => OurMessageId().Match(r)).Where(m => m.Success).Select(m => m.Groups[1].Value)
            .Append(SubjectReference().Match(email.Subject ?? "") is { Success: true } inSubject ? inSubject.Groups[1].Value : null)
            .OfType<string>()
            .Select(id => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : (long?)null)
            .OfType<long>().Distinct().ToList();
        foreach (var id in candidates)
        {
            var ticket = await desk.Db.SupportTickets.FirstOrDefaultAsync(t => t.Id == id, ct);
            if (ticket is { IsClosed: false } && string.Equals(ticket.RequesterEmail, from, StringComparison.OrdinalIgnoreCase)) return ticket;
        }
        return null;
    }

    /// <summary>Printable text only (line breaks and tabs kept), at most <paramref name="max"/> characters, a marker where it was cut.</summary>
    private static string Text(string? value, int max, string cutMarker)
    {
        var text = new StringBuilder();
        foreach (var c in (value ?? "").Replace("\r\n", "\n", StringComparison.Ordinal))
        {
            if (c is '\n' or '\t' || !char.IsControl(c)) text.Append(c);
        }
        var clean = text.ToString().Trim();
        return clean.Length <= max ? clean : clean[..Math.Max(0, max - cutMarker.Length - 1)].TrimEnd() + "\n" + cutMarker;
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    [GeneratedRegex(@"^ticket\.(\d{1,18})\.[0-9a-f]{32}@", RegexOptions.CultureInvariant)]
    private static partial Regex OurMessageId();

    [GeneratedRegex(@"\[CareSlot #(\d{1,18})\]", RegexOptions.CultureInvariant)]
    private static partial Regex SubjectReference();
}
