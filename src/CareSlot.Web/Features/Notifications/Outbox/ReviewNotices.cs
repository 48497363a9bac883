using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Notifications.Outbox;

/// <summary>
/// "Your review was approved / rejected" to its patient, "a review of you is published" to its doctor, by e-mail, queued by
/// the save that records the decision, so a decision that rolls back is never announced. It never carries the review's or
/// the reason's words, only a link. Written now, in the recipient's language, to a verified address (e-mail updates have no
/// opt-out, as for disputes; reviews send no SMS, so the SMS preferences are not asked); kept protected until sent. One
/// notice per review, kind and recipient (the outbox key).
/// </summary>
public sealed class ReviewNotices(CareSlotDb db, IDataProtectionProvider protection)
{
    /// <summary>Adds the notice row to <see cref="CareSlotDb"/>; the caller's save writes it with the decision.</summary>
    public async Task QueueAsync(Guid recipientAccountId, ReviewNotice notice, Guid reviewId, Uri link, Instant now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(link);
        var to = await db.Users.AsNoTracking().Where(u => u.Id == recipientAccountId)
            .Select(u => new { u.FullName, u.Email, u.EmailConfirmed, u.PreferredLanguage })
            .SingleOrDefaultAsync(ct);
        if (to?.Email is null || !to.EmailConfirmed) return;
        db.OutboxMessages.Add(NoticeEmail.Create(protection, NotificationTemplate.ReviewUpdate, KeyFor(reviewId, notice, recipientAccountId), to.Email,
            to.PreferredLanguage, MessageTexts.For(to.PreferredLanguage).ReviewUpdate(to.FullName, notice), link, now));
    }

    public static string KeyFor(Guid reviewId, ReviewNotice notice, Guid recipientAccountId) =>
        $"review:{reviewId:N}:{notice.ToString().ToLowerInvariant()}:{recipientAccountId:N}";
}
