using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.LiveChat;

/// <summary>One line of a chat as its readers get it: the words opened, the author as a side (customer or agent).</summary>
public sealed record ChatLine(Guid Id, long ConversationId, bool FromAgent, string Text, Instant At);

/// <summary>A chat's state as its customer sees it.</summary>
/// <param name="Position">The place in the queue while waiting (1 is next).</param>
/// <param name="AgentReadAt">Up to when the agent has read the customer's words.</param>
public sealed record ChatState(long ConversationId, ChatStatus Status, int? Position, Instant? AgentReadAt, IReadOnlyList<ChatLine> Lines);

/// <summary>
/// What people say in a chat: starting one (a visitor with a name and address; an account as itself), lines checked
/// (not empty, at most <see cref="ChatMessage.BodyMaxLength"/>, no control characters) and sealed at rest, reading
/// marks, and transcripts. Never logged.
/// </summary>
public sealed class ChatTalk(CareSlotDb db, FieldProtector protector, IClock clock, IStringLocalizer<LiveChatText> text, IStringLocalizer<WebText> words)
{
    internal const string BodyColumn = nameof(ChatMessage.SealedBody);

    public CareSlotDb Db => db;

    /// <summary>The customer's chat that is not closed yet, if any: one at a time.</summary>
    public Task<ChatConversation?> OpenChatAsync(ChatCustomer customer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return customer.Own(db.ChatConversations.AsNoTracking()).Where(c => c.Status != ChatStatus.Closed)
            .OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// A new waiting chat for the customer. Visitors give a name and an e-mail address (so an agent can follow up);
    /// an account is taken as it is. The caller has checked that an agent is online.
    /// </summary>
    public async Task<Outcome<ChatConversation>> StartAsync(ChatCustomer customer, string? name, string? email, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(customer);
        string customerName, customerEmail, language;
        if (customer.AccountId is { } accountId)
        {
            var account = await db.Users.AsNoTracking().Where(u => u.Id == accountId)
                .Select(u => new { u.Email, u.FullName, u.PreferredLanguage }).FirstOrDefaultAsync(ct);
            if (account is null) return UseCaseProblem.NotFound(text["Chat not found."], text["Sign in again to chat."]);
            (customerName, customerEmail, language) = (account.FullName, account.Email ?? "", account.PreferredLanguage);
        }
        else
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            customerName = (name ?? "").Trim();
            customerEmail = (email ?? "").Trim();
            language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
            if (InputText.Problem(name, multiline: false, words) is { } nameProblem) errors["name"] = [nameProblem];
            else if (InputText.IsBlank(customerName) || customerName.Length > ChatConversation.NameMaxLength)
            {
                errors["name"] = [text["Enter your name (at most {0} characters).", ChatConversation.NameMaxLength]];
            }
            if (InputText.Problem(email, multiline: false, words) is { } emailProblem) errors["email"] = [emailProblem];
            else if (customerEmail.Length is 0 or > ChatConversation.EmailMaxLength || customerEmail.Contains(' ', StringComparison.Ordinal)
                || !new EmailAddressAttribute().IsValid(customerEmail))
            {
                errors["email"] = [text["Enter your e-mail address, such as name@example.org."]];
            }
            if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        }
        var conversation = new ChatConversation(customer.AccountId, customer.VisitorKeyHash, customerName, customerEmail, language, clock.GetCurrentInstant());
        db.ChatConversations.Add(conversation);
        await db.SaveChangesAsync(ct);
        return new Outcome<ChatConversation>(conversation, null);
    }

    /// <summary>
    /// Adds a line to a chat that is not closed: refused when empty, too long or holding control characters (line breaks
    /// and tabs are fine). The words are sealed under the line's own id.
    /// </summary>
    public async Task<Outcome<ChatLine>> SendAsync(long conversationId, bool fromAgent, Guid? authorId, string? message, CancellationToken ct)
    {
        if (InputText.Problem(message, multiline: true, words) is { } problem) return UseCaseProblem.Invalid("message", problem);
        var clean = (message ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
        if (InputText.IsBlank(clean)) return UseCaseProblem.Invalid("message", text["Write a message first."]);
        if (clean.Length > ChatMessage.BodyMaxLength) return UseCaseProblem.Invalid("message", text["Keep a message under {0} characters.", ChatMessage.BodyMaxLength]);
        var open = await db.ChatConversations.AnyAsync(c => c.Id == conversationId && c.Status != ChatStatus.Closed, ct);
        if (!open) return Ended();
        var id = Guid.CreateVersion7();
        var line = new ChatMessage(id, conversationId, fromAgent, authorId, clock.GetCurrentInstant(), protector.Seal(clean, id, BodyColumn));
        db.ChatMessages.Add(line);
        await db.SaveChangesAsync(ct);
        return new Outcome<ChatLine>(new ChatLine(id, conversationId, fromAgent, clean, line.At), null);
    }

    public UseCaseProblem Ended() => new(StatusCodes.Status409Conflict, text["This chat has ended."], text["Start a new chat, or ask the help desk."]);

    /// <summary>The reader has seen everything up to now: the other side is told "read".</summary>
    public async Task<Instant> MarkReadAsync(long conversationId, bool byAgent, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        if (byAgent)
        {
            await db.ChatConversations.Where(c => c.Id == conversationId).ExecuteUpdateAsync(s => s.SetProperty(c => c.AgentReadAt, now), ct);
        }
        else
        {
            await db.ChatConversations.Where(c => c.Id == conversationId).ExecuteUpdateAsync(s => s.SetProperty(c => c.CustomerReadAt, now), ct);
        }
        return now;
    }

    /// <summary>Every line of the chat, oldest first, opened.</summary>
    public async Task<IReadOnlyList<ChatLine>> LinesAsync(long conversationId, CancellationToken ct)
    {
        var rows = await db.ChatMessages.AsNoTracking().Where(m => m.ConversationId == conversationId)
            .OrderBy(m => m.At).ThenBy(m => m.Id).ToListAsync(ct);
        return [.. rows.Select(m => new ChatLine(m.Id, m.ConversationId, m.FromAgent, protector.Open(m.SealedBody, m.Id, BodyColumn), m.At))];
    }
}
