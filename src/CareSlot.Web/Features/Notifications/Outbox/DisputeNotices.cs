using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Notifications.Outbox;

/// <summary>
/// "There is news in a dispute about an appointment", by e-mail, queued by the save that records the step, so a step that
/// rolls back is never announced. Like a new-message notice it never carries what anyone wrote: only which kind of step
/// it was and a link. Written now, in the recipient's language, to a verified address; kept protected until sent. One
/// notice per step and recipient (the outbox key).
/// </summary>
public sealed class DisputeNotices(CareSlotDb db, IDataProtectionProvider protection)
{
    /// <summary>Adds the notice row to <see cref="CareSlotDb"/>; the caller's save writes it with the step.</summary>
    /// <param name="link">The dispute's page for this recipient (a party's or the admin's), built from the public origin.</param>
    public async Task QueueAsync(Guid recipientAccountId, DisputeNotice step, Guid stepId, Uri link, Instant now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(link);
        var to = await db.Users.AsNoTracking().Where(u => u.Id == recipientAccountId)
            .Select(u => new { u.FullName, u.Email, u.EmailConfirmed, u.PreferredLanguage })
            .SingleOrDefaultAsync(ct);
        if (to?.Email is null || !to.EmailConfirmed) return;
        db.OutboxMessages.Add(NoticeEmail.Create(protection, NotificationTemplate.DisputeUpdate, KeyFor(stepId, recipientAccountId), to.Email,
            to.PreferredLanguage, MessageTexts.For(to.PreferredLanguage).DisputeUpdate(to.FullName, step), link, now));
    }

    public static string KeyFor(Guid stepId, Guid recipientAccountId) => $"dispute:{stepId:N}:{recipientAccountId:N}";
}
