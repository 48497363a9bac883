using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Messaging;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Platform.Web;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Features.HelpDesk;

/// <summary>Who reads a ticket: its requester (by account, or a visitor by the key their e-mail carries) or an agent.</summary>
/// <param name="AccountId">The signed-in account; null for a visitor.</param>
/// <param name="VisitorKey">The key from a visitor's link; null when signed in.</param>
public sealed record TicketReader(Guid? AccountId, bool IsAgent, string? VisitorKey)
{
    /// <summary>Support agents and administrators, with a second factor (the support area's policy) work the queue.</summary>
    public static TicketReader From(ClaimsPrincipal user, string? visitorKey)
    {
        ArgumentNullException.ThrowIfNull(user);
        var accountId = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : (Guid?)null;
        return new TicketReader(accountId, accountId is not null && TicketDesk.IsAgent(user), accountId is null ? visitorKey : null);
    }
}

/// <summary>
/// What every step of a ticket shares: the words checked and sealed, who may read it as its requester, the link each
/// requester is sent, and one transaction for the step, its post and its e-mail.
/// </summary>
public sealed class TicketDesk(CareSlotDb db, FieldProtector protector, TicketNotices notices, AuditTrail audit, IOptions<SiteOptions> site,
    IOptions<HelpDeskOptions> options, IClock clock, IStringLocalizer<HelpDeskText> text, IStringLocalizer<WebText> words, IStringLocalizer<MessagingText> fileText)
{
    internal const string BodyColumn = nameof(TicketPost.SealedBody);
    internal const string SubjectColumn = nameof(TicketPost.SealedSubject);
    internal const string FileNameColumn = nameof(TicketFile.SealedFileName);
    internal const string ContentColumn = nameof(TicketFile.SealedContent);

    public CareSlotDb Db => db;

    public IStringLocalizer<HelpDeskText> Text => text;

    public TicketNotices Notices => notices;

    public HelpDeskOptions Options => options.Value;

    public Instant Now => clock.GetCurrentInstant();

    public static bool IsAgent(ClaimsPrincipal user) =>
        (user.IsInRole(Roles.Support) || user.IsInRole(Roles.Admin)) && user.HasClaim(AccountPolicies.AuthenticationMethod, AccountPolicies.MultiFactor);

    public UseCaseProblem NotFound() => UseCaseProblem.NotFound(text["Request not found."], text["There is no such help request you can see."]);

    public UseCaseProblem Closed() => new(StatusCodes.Status409Conflict, text["This request is closed."],
        text["Nothing more can be added to a closed request. Open a new one if you still need help."]);

    /// <summary>Adds the field errors of a text (required, at most <paramref name="maxLength"/>) and of hostile input.</summary>
    public void CheckText(object request, string field, string? value, int maxLength, string missing, Dictionary<string, string[]> errors)
    {
        TextInspector.AddProblems(request, errors, words);
        if (errors.ContainsKey(field)) return;
        var trimmed = Clean(value);
        if (trimmed.Length == 0) errors[field] = [missing];
        else if (trimmed.Length > maxLength) errors[field] = [text["Keep it under {0} characters.", maxLength]];
    }

    /// <summary>Line endings as one kind, and no blank space around the words.</summary>
    public static string Clean(string? value) => (value ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    /// <summary>The ticket, if <paramref name="reader"/> may read it as its requester or as an agent.</summary>
    public async Task<SupportTicket?> FindAsync(long ticketId, TicketReader reader, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var ticket = await db.SupportTickets.FirstOrDefaultAsync(t => t.Id == ticketId, ct);
        return ticket is not null && (reader.IsAgent || await IsRequesterAsync(ticket, reader, ct)) ? ticket : null;
    }

    /// <summary>The ticket's own account, or a visitor with the key of any e-mail they were sent about it.</summary>
    public async Task<bool> IsRequesterAsync(SupportTicket ticket, TicketReader reader, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.AccountId is { } account) return ticket.RequesterId == account;
        if (reader.VisitorKey is not { Length: > 0 and <= 100 } key || ticket.RequesterId is not null) return false;
        var hash = Hash(key);
        // The lookup is by the hash, so a wrong key's time says nothing about the right one.
        return ticket.VisitorKeyHash == hash || await db.TicketPosts.AnyAsync(p => p.TicketId == ticket.Id && p.VisitorKeyHash == hash, ct);
    }

    /// <summary>A new visitor key: 256 random bits, URL-safe. Only its hash is stored.</summary>
    public static string NewVisitorKey() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string visitorKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(visitorKey)));

    /// <summary>The requester's page of the ticket; a visitor's carries their key.</summary>
    public Uri RequesterLink(SupportTicket ticket, string? visitorKey) =>
        site.Value.Link(visitorKey is null ? $"/help/tickets/{ticket.Id}" : $"/help/tickets/{ticket.Id}?key={Uri.EscapeDataString(visitorKey)}");

    /// <summary>A post, its words (and the opening post's subject) sealed under its own id, added to the context.</summary>
    public TicketPost AddPost(SupportTicket ticket, TicketPostKind kind, Guid? authorId, string body, string? subject = null, string? visitorKey = null,
        string? emailMessageId = null)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var id = Guid.CreateVersion7();
        var post = new TicketPost(id, ticket.Id, kind, authorId, Now, protector.Seal(Clean(body), id, BodyColumn),
            subject is null ? null : protector.Seal(Clean(subject), id, SubjectColumn), visitorKey is null ? null : Hash(visitorKey), emailMessageId);
        db.TicketPosts.Add(post);
        return post;
    }

    /// <summary>A file is checked as messaging's attachments are: by its content, not its name, and by its size.</summary>
    public void CheckFile(AttachmentUpload? file, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (file is not null && SendMessage.AttachmentProblem(file, fileText) is { } problem) errors["file"] = [problem];
    }

    /// <summary>The file of a post, its name and content sealed under its own id, added to the context; the caller checked it.</summary>
    public void AddFile(TicketPost post, AttachmentUpload? upload)
    {
        ArgumentNullException.ThrowIfNull(post);
        if (upload is null) return;
        var id = Guid.CreateVersion7();
        var contentType = AttachmentFiles.Detect(upload.Content)!;
        db.TicketFiles.Add(new TicketFile(id, post.Id, protector.Seal(AttachmentFiles.SafeName(upload.FileName, contentType), id, FileNameColumn), contentType,
            upload.Content.Length, protector.SealBytes(upload.Content, id, ContentColumn)));
    }

    /// <summary>
    /// A file of a request for its reader — the requester only the files of what they may read (not agents' notes); an agent's
    /// read is audited. Null (404) for anyone else.
    /// </summary>
    public async Task<AttachmentFile?> FileAsync(long ticketId, Guid fileId, TicketReader reader, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (await FindAsync(ticketId, reader, ct) is not { } ticket) return null;
        var asAgent = reader.IsAgent && !await IsRequesterAsync(ticket, reader, ct);
        var found = await db.TicketFiles.AsNoTracking().Where(f => f.Id == fileId)
            .Join(db.TicketPosts.Where(p => p.TicketId == ticket.Id && (asAgent || p.Kind != TicketPostKind.InternalNote)), f => f.PostId, p => p.Id,
                (f, _) => f)
            .FirstOrDefaultAsync(ct);
        if (found is null) return null;
        if (asAgent) await audit.RecordAsync(Audit(ticket, AuditActions.TicketFileRead), ct);
        return new AttachmentFile(protector.Open(found.SealedFileName, found.Id, FileNameColumn), found.ContentType,
            protector.OpenBytes(found.SealedContent, found.Id, ContentColumn));
    }

    /// <summary>The files of these posts, their names opened, by post.</summary>
    public async Task<ILookup<Guid, TicketFileView>> FilesOfAsync(IReadOnlyCollection<Guid> postIds, CancellationToken ct)
    {
        var files = await db.TicketFiles.AsNoTracking().Where(f => postIds.Contains(f.PostId)).OrderBy(f => f.Id)
            .Select(f => new { f.Id, f.PostId, f.SealedFileName, f.ContentType, f.Size }).ToListAsync(ct);
        return files.ToLookup(f => f.PostId, f => new TicketFileView(f.Id, protector.Open(f.SealedFileName, f.Id, FileNameColumn), f.ContentType, f.Size));
    }

    public string Open(TicketPost post, string sealedValue, string column)
    {
        ArgumentNullException.ThrowIfNull(post);
        return protector.Open(sealedValue, post.Id, column);
    }

    /// <summary>The ticket's subject, from its opening post.</summary>
    public async Task<string> SubjectAsync(long ticketId, CancellationToken ct)
    {
        var opening = await db.TicketPosts.AsNoTracking().Where(p => p.TicketId == ticketId && p.SealedSubject != null)
            .OrderBy(p => p.At).FirstAsync(ct);
        return protector.Open(opening.SealedSubject!, opening.Id, SubjectColumn);
    }

    /// <summary>
    /// A new request with its first post and the e-mail confirming it, in one transaction; a visitor (no account) gets a
    /// key to its page, returned and e-mailed. The words are checked by the caller.
    /// </summary>
    public async Task<OpenedTicket> CreateAsync(Guid? requesterId, string email, string name, string language, TicketCategory category, Guid? appointmentId,
        string subject, string message, CancellationToken ct, string? emailMessageId = null, IReadOnlyList<AttachmentUpload>? files = null)
    {
        var visitorKey = requesterId is null ? NewVisitorKey() : null;
        var now = Now;
        var ticket = new SupportTicket(requesterId, email, name, language, visitorKey is null ? null : Hash(visitorKey), category, appointmentId,
            TicketPriority.Normal, now, now + Options.FirstReplyTarget(TicketPriority.Normal));
        await InTransactionAsync(async () =>
        {
            db.SupportTickets.Add(ticket);
            // The number the request is known by comes from this first save; the post and the e-mail need it.
            await db.SaveChangesAsync(ct);
            var post = AddPost(ticket, TicketPostKind.Requester, requesterId, message, subject, emailMessageId: emailMessageId);
            foreach (var file in files ?? []) AddFile(post, file);
            notices.QueueReceived(email, language, name, ticket.Id, TicketNames.Reference(ticket.Id), Clean(subject), post.Id, RequesterLink(ticket, visitorKey), now);
        }, ct);
        return new OpenedTicket(ticket, visitorKey);
    }

    /// <summary>Runs <paramref name="work"/> and its saves as one transaction, with the agent's audit row when there is one.</summary>
    public async Task InTransactionAsync(Func<Task> work, CancellationToken ct, AuditEvent? auditEvent = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await work();
            await db.SaveChangesAsync(ct);
            if (auditEvent is not null) await audit.RecordAsync(auditEvent, ct);
            await transaction.CommitAsync(ct);
        });
    }

    /// <summary>
    /// An agent's step on a request, for the audit trail: the request by number. Not filed under the requester as a patient:
    /// a request is not their health record, and their access log would call an administrator's reading "emergency access".
    /// </summary>
    public static AuditEvent Audit(SupportTicket ticket, string action)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new AuditEvent(action, AuditOutcome.Allowed, Record: $"ticket {ticket.Id}");
    }

    public Task RecordAsync(AuditEvent auditEvent, CancellationToken ct) => audit.RecordAsync(auditEvent, ct);

    public static string LanguageNow() => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
}
