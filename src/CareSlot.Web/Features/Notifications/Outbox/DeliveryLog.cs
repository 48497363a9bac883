using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Notifications.Outbox;

/// <summary>One row of the delivery log: where a message stands, never what it says.</summary>
/// <param name="Recipient">Where it went, or where it will go: the patient's or doctor's address or number.</param>
public sealed record DeliveryEntry(long Id, string TemplateName, NotificationChannel Channel, string? Recipient, OutboxState State,
    int Attempts, string? LastError, Instant CreatedAt, Instant DueAt, Instant? SentAt);

/// <summary>The admins' view of the outbox: what was sent, what waits, what failed and why; a failed message can be retried.</summary>
public sealed class DeliveryLog(CareSlotDb db, IClock clock)
{
    public const int PageSize = 50;

    public async Task<(IReadOnlyList<DeliveryEntry> Entries, int Total)> ListAsync(OutboxState? state, int page, CancellationToken ct)
    {
        var messages = db.OutboxMessages.AsNoTracking();
        if (state is { } only) messages = messages.Where(m => m.State == only);
        var total = await messages.CountAsync(ct);
        var rows = await (
                from m in messages
                join a in db.Appointments on m.AppointmentId equals a.Id into appointment
                from a in appointment.DefaultIfEmpty()
                join p in db.Users on a.PatientId equals p.Id into patient
                from p in patient.DefaultIfEmpty()
                orderby m.Id descending
                select new
                {
                    m.Id, m.Template, m.Channel, m.SentTo, m.Address, m.State, m.Attempts, m.LastError, m.CreatedAt, m.DueAt, m.SentAt,
                    PatientEmail = p.Email,
                    PatientPhone = p.PhoneNumber,
                    DoctorEmail = db.Users.Where(u => a != null && db.Doctors.Any(d => d.Id == a.DoctorId && d.AccountId == u.Id)).Select(u => u.Email).FirstOrDefault(),
                })
            .Skip((page - 1) * PageSize).Take(PageSize)
            .ToListAsync(ct);
        var entries = rows.Select(r => new DeliveryEntry(r.Id, NotificationRenderer.TemplateName(r.Template, r.Channel), r.Channel,
                r.SentTo ?? r.Address ?? (r.Template.IsForDoctor() ? r.DoctorEmail : r.Channel == NotificationChannel.Sms ? r.PatientPhone : r.PatientEmail),
                r.State, r.Attempts, r.LastError, r.CreatedAt, r.DueAt, r.SentAt))
            .ToList();
        return (entries, total);
    }

    /// <summary>Queues a failed message again, due now; false when it is not (or no longer) failed.</summary>
    public async Task<bool> RetryAsync(long id, CancellationToken ct)
    {
        var message = await db.OutboxMessages.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (message is null || !message.Retry(clock.GetCurrentInstant())) return false;
        await db.SaveChangesAsync(ct);
        return true;
    }
}
