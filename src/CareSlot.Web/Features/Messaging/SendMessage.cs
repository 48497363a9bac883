using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Features.Messaging;

/// <param name="Body">The message; line breaks allowed. May be empty when an attachment carries the message.</param>
public sealed record SendMessageRequest([property: DataType(DataType.MultilineText)] string? Body);

/// <summary>A file as uploaded: the name the client gave it (shown, sanitized, never trusted) and its bytes.</summary>
public sealed record AttachmentUpload(string? FileName, byte[] Content);

/// <summary>
/// Writes a message into a conversation: checked by <see cref="ConversationAuthorizationHandler"/> (someone else's is 404;
/// a closed conversation, or one whose care relationship has ended, is 409), the body and any attachment sealed, the
/// other side told by e-mail and SMS through the outbox in the same save ("you have a new message", never its content,
/// and only when they have read everything before it), audited, and pushed to pages that have the conversation open.
/// </summary>
public sealed class SendMessage(CareSlotDb db, ConversationQueries queries, FieldProtector protector, MessageNotices notices, AuditTrail audit,
    MessagePush push, IOptions<SiteOptions> site, IClock clock, IStringLocalizer<MessagingText> text, IStringLocalizer<WebText> words)
{
    public async Task<Outcome<MessageView>> HandleAsync(ClaimsPrincipal user, Guid conversationId, SendMessageRequest request, AttachmentUpload? attachment,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Id == conversationId, ct);
        if (!await queries.MayAsync(user, conversation, MessagingOperations.Read, AuditActions.MessageWrite, conversationId, ct)) return MessagingProblems.NotFound(text);
        var viewer = (await Viewer.FromAsync(user, db, ct))!;
        if (!await queries.MayAsync(user, conversation, MessagingOperations.Send, AuditActions.MessageWrite, conversationId, ct))
        {
            // Someone who only reads (an administrator by break-glass) has nothing to write to: 404, as for anyone else.
            if (ConversationQueries.ParticipantRole(viewer, conversation!) is null) return MessagingProblems.NotFound(text);
            return conversation!.IsClosed ? MessagingProblems.Closed(text) : MessagingProblems.RelationshipEnded(text);
        }
        if (Validate(request, attachment, text, words) is { } invalid) return invalid;
        var message = await AddAsync(viewer, conversation!, request.Body, attachment, ct);
        return new Outcome<MessageView>(message, null);
    }

    /// <summary>The field errors of a message, keyed as the API names its fields ("body", "attachment"); null when it is fine.</summary>
    internal static UseCaseProblem? Validate(SendMessageRequest request, AttachmentUpload? attachment, IStringLocalizer<MessagingText> text,
        IStringLocalizer<WebText> words)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        TextInspector.AddProblems(request, errors, words);
        var body = request.Body?.Trim() ?? "";
        if (!errors.ContainsKey("body"))
        {
            if (body.Length == 0 && attachment is null) errors["body"] = [text["Write a message."]];
            else if (body.Length > Message.BodyMaxLength) errors["body"] = [text["Keep the message under {0} characters.", Message.BodyMaxLength]];
        }
        if (attachment is not null && AttachmentProblem(attachment, text) is { } problem) errors["attachment"] = [problem];
        return errors.Count == 0 ? null : UseCaseProblem.Invalid(errors);
    }

    internal static string? AttachmentProblem(AttachmentUpload attachment, IStringLocalizer<MessagingText> text)
    {
        if (attachment.Content.Length == 0) return text["The file is empty."].Value;
        if (attachment.Content.Length > MessageAttachment.MaxBytes) return text["The file is larger than 10 MB."].Value;
        return AttachmentFiles.Detect(attachment.Content) is null ? text["Attach a PDF, JPEG or PNG file. This file is none of them."].Value : null;
    }

    /// <summary>
    /// Adds the message (and its attachment) to a conversation the caller was allowed to write to, with the notices, in one
    /// transaction with its audit rows; the conversation may be new, added to the context by the caller.
    /// </summary>
    internal async Task<MessageView> AddAsync(Viewer viewer, Conversation conversation, string? body, AttachmentUpload? attachment, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var role = ConversationQueries.ParticipantRole(viewer, conversation)
            ?? throw new InvalidOperationException("Only the patient or the doctor of a conversation writes in it.");
        // Sealed under the message's own id, made first: the seal opens only in this row's Body column.
        var messageId = Guid.CreateVersion7();
        var message = new Message(messageId, conversation.Id, viewer.AccountId, role, protector.Seal(Clean(body), messageId, ConversationQueries.BodyColumn), now);
        db.Messages.Add(message);
        conversation.MessageSent(now);

        MessageAttachment? stored = null;
        if (attachment is not null)
        {
            var id = Guid.CreateVersion7();
            var contentType = AttachmentFiles.Detect(attachment.Content)!;
            var sealedContent = protector.SealBytes(attachment.Content, id, ConversationQueries.ContentColumn);
            stored = new MessageAttachment(id, message.Id, protector.Seal(AttachmentFiles.SafeName(attachment.FileName, contentType), id, ConversationQueries.FileNameColumn),
                contentType, attachment.Content.Length, sealedContent);
            db.MessageAttachments.Add(stored);
        }

        // One notice while the recipient has not read what came before: a burst of messages is one e-mail, not ten.
        var alreadyTold = await db.Messages.AnyAsync(m => m.ConversationId == conversation.Id && m.SenderRole == role && m.ReadAt == null, ct);
        var recipient = role == SenderRole.Patient
            ? await db.Doctors.Where(d => d.Id == conversation.DoctorId).Select(d => d.AccountId).FirstOrDefaultAsync(ct)
            : conversation.PatientId;
        if (!alreadyTold && recipient is { } recipientId)
        {
            var sender = role == SenderRole.Doctor
                ? await db.Doctors.Where(d => d.Id == conversation.DoctorId).Select(d => (d.Title + " " + d.GivenName + " " + d.FamilyName).Trim()).FirstAsync(ct)
                : await db.Users.Where(u => u.Id == conversation.PatientId).Select(u => u.FullName).FirstAsync(ct);
            var zone = await ConversationQueries.ZoneAsync(db, conversation, ct);
            await notices.QueueAsync(recipientId, sender, message.Id, site.Value.Link($"/messages/{conversation.Id}"), zone, now, ct);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            // One send, one row: a message that carries a file is recorded as the attachment's write.
            await audit.RecordAsync(stored is null
                ? new AuditEvent(AuditActions.MessageWrite, AuditOutcome.Allowed, PatientId: conversation.PatientId, Record: ConversationQueries.Record(conversation.Id))
                : new AuditEvent(AuditActions.AttachmentWrite, AuditOutcome.Allowed, PatientId: conversation.PatientId,
                    Record: $"{ConversationQueries.Record(conversation.Id)} attachment {stored.Id}"), ct);
            await transaction.CommitAsync(ct);
        });
        await push.ChangedAsync(conversation.Id);

        var zoneForView = await ConversationQueries.ZoneAsync(db, conversation, ct);
        var senderName = role == SenderRole.Doctor
            ? await db.Doctors.Where(d => d.Id == conversation.DoctorId).Select(d => (d.Title + " " + d.GivenName + " " + d.FamilyName).Trim()).FirstAsync(ct)
            : await db.Users.Where(u => u.Id == conversation.PatientId).Select(u => u.FullName).FirstAsync(ct);
        return new MessageView(message.Id, senderName, role == SenderRole.Doctor ? "doctor" : "patient", true, Platform.Time.IsoTime.Format(now, zoneForView), null,
            Clean(body),
            stored is null ? [] : [new AttachmentView(stored.Id, AttachmentFiles.SafeName(attachment!.FileName, stored.ContentType), stored.ContentType, stored.Size)]);
    }

    /// <summary>Line endings as one kind, and no blank space around the message.</summary>
    private static string Clean(string? body) => (body ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    /// <summary>The key id a sealed blob names (its first byte is the id's length): what rotation looks for in SQL.</summary>
}
