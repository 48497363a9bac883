using CareSlot.Web.Features.Notifications.Messages;
using Microsoft.AspNetCore.DataProtection;
using NodaTime;

namespace CareSlot.Web.Features.Notifications.Outbox;

/// <summary>Whom a survey invitation is written to: the account's name, address and language, read by the caller in batches.</summary>
public sealed record SurveyRecipient(string Name, string Email, string Language);

/// <summary>
/// "A few questions from CareSlot": the survey invitation e-mail with its signed link, queued by the save that records the
/// invitation, so an invitation that rolls back is never sent. One per invitation (the outbox key); the link's token is in
/// the protected content only, never stored in the clear.
/// </summary>
/// <remarks>
/// Static, with no context of its own: the after-visit invitations are made inside the save of a completed visit, by an
/// interceptor that the context itself is built with.
/// </remarks>
public static class SurveyNotices
{
    /// <summary>The e-mail row; the caller adds it to its context, whose save writes it with the invitation.</summary>
    /// <param name="until">The link's last day, already written for the recipient's language.</param>
    public static OutboxMessage Create(IDataProtectionProvider protection, SurveyRecipient to, Guid invitationId, string title, string until, Uri link,
        Instant now)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(link);
        return NoticeEmail.Create(protection, NotificationTemplate.SurveyInvitation, KeyFor(invitationId), to.Email, to.Language,
            MessageTexts.For(to.Language).SurveyInvitation(to.Name, title, until), link, now);
    }

    public static string KeyFor(Guid invitationId) => $"survey:{invitationId:N}";
}
