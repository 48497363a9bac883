using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Features.Notifications.Outbox;

/// <summary>
/// "Your appointment with … went to a colleague", by e-mail, to the doctor an administrator moved a visit away from
/// (Admin/Schedule). The visit's own messages go to the doctor it names when they are sent — the colleague — so the doctor
/// who gave it up would otherwise hear nothing, where a cancellation tells them. Written now, in that doctor's language, and
/// added to the move's own save, so a move that rolls back is never announced; a doctor without an account is not written to.
/// </summary>
public sealed class HandOverNotices(CareSlotDb db, IDataProtectionProvider protection, IOptions<SiteOptions> site)
{
    /// <summary>Adds the notice row to <see cref="CareSlotDb"/>; the caller's save writes it with the move.</summary>
    /// <param name="start">When the visit was, at its clinic: what the doctor gave up.</param>
    public async Task QueueAsync(int fromDoctorId, int toDoctorId, Guid appointmentId, Guid patientId, Instant start, int clinicId, Instant now,
        CancellationToken ct)
    {
        var accountId = await db.Doctors.AsNoTracking().Where(d => d.Id == fromDoctorId).Select(d => d.AccountId).SingleOrDefaultAsync(ct);
        if (accountId is null) return;
        var to = await db.Users.AsNoTracking().Where(u => u.Id == accountId)
            .Select(u => new { u.FullName, u.Email, u.PreferredLanguage }).SingleOrDefaultAsync(ct);
        if (to?.Email is null) return;
        var colleague = await db.Doctors.AsNoTracking().Where(d => d.Id == toDoctorId)
            .Select(d => d.Title + " " + d.GivenName + " " + d.FamilyName).SingleAsync(ct);
        var patient = await db.Users.AsNoTracking().Where(u => u.Id == patientId).Select(u => u.FullName).SingleAsync(ct);
        var zone = DateTimeZoneProviders.Tzdb[await db.Clinics.AsNoTracking().Where(c => c.Id == clinicId).Select(c => c.TimeZoneId).SingleAsync(ct)];

        var texts = MessageTexts.For(to.PreferredLanguage);
        var letter = texts.HandedOver(to.FullName, patient, texts.Moment(start.InZone(zone)), colleague.Trim());
        // One notice per hand-over: the visit's id and the start it left.
        var key = $"handover:{appointmentId:N}:{start.ToUnixTimeTicks()}";
        db.OutboxMessages.Add(NoticeEmail.Create(protection, NotificationTemplate.DoctorHandedOver, key, to.Email, to.PreferredLanguage, letter,
            site.Value.Link("/doctor/visits"), now));
    }
}
