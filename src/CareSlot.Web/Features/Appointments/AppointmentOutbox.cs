using CareSlot.Scheduling;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

/// <summary>
/// Turns the appointment events a change is about to save into outbox rows in that same save, when the change's write
/// path asks (<see cref="QueueAsync"/>), so nothing is announced that did not commit. As an interceptor of every save it
/// is also the guard: a save with appointment events it was not asked to queue fails, so no path can forget.
/// </summary>
public sealed class AppointmentOutbox : SaveChangesInterceptor
{
    public static readonly Duration EmailReminderLead = Duration.FromHours(24);
    public static readonly Duration SmsReminderLead = Duration.FromHours(2);

    private readonly HashSet<AppointmentEvent> queued = new(ReferenceEqualityComparer.Instance);

    /// <summary>Adds the messages for the appointment events <paramref name="db"/> is about to save, and withdraws the reminders they end.</summary>
    public async Task QueueAsync(DbContext db, CancellationToken ct)
    {
        var events = NewEvents(db).Where(e => !queued.Contains(e)).ToList();
        if (events.Count == 0) return;
        var appointments = db.ChangeTracker.Entries<Appointment>().Select(e => e.Entity).ToDictionary(a => a.Id);
        var reasons = db.ChangeTracker.Entries<AppointmentHistoryEntry>().Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity).Where(h => h.Reason is not null)
            .GroupBy(h => h.AppointmentId).ToDictionary(g => g.Key, g => g.MaxBy(h => h.At)!.Reason);

        foreach (var change in events.GroupBy(e => e.AppointmentId))
        {
            var appointment = appointments[change.Key];
            var plan = NotificationPlan.For(appointment, change.OrderBy(e => e.Version).ToList(), reasons.GetValueOrDefault(appointment.Id));
            if (plan.WithdrawReminders)
            {
                // Only a transaction makes the withdrawal and the new rows one change; every appointment write path has one.
                if (db.Database.CurrentTransaction is null)
                {
                    throw new InvalidOperationException("An appointment move or cancellation must be saved inside a transaction.");
                }
                await db.Set<OutboxMessage>()
                    .Where(m => m.AppointmentId == appointment.Id && m.Template == NotificationTemplate.PatientReminder && m.State == OutboxState.Pending)
                    .ExecuteUpdateAsync(m => m.SetProperty(x => x.State, OutboxState.Withdrawn), ct);
            }
            db.Set<OutboxMessage>().AddRange(plan.Messages);
        }
        queued.UnionWith(events);
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db) RefuseUnannounced(db);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } db) RefuseUnannounced(db);
        return result;
    }

    private void RefuseUnannounced(DbContext db)
    {
        if (NewEvents(db).Any(e => !queued.Contains(e)))
        {
            throw new InvalidOperationException(
                "Appointment events are being saved without their notifications: save appointment changes through AppointmentTransaction.SaveAsync.");
        }
    }

    private static IEnumerable<AppointmentEvent> NewEvents(DbContext db) =>
        db.ChangeTracker.Entries<AppointmentEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity);
}

/// <summary>Which messages one save's changes to one appointment call for: a pure decision, tested on its own.</summary>
public sealed record NotificationPlan(IReadOnlyList<OutboxMessage> Messages, bool WithdrawReminders)
{
    /// <param name="events">This save's events for the appointment, oldest first.</param>
    /// <param name="reason">The reason given with the change, if any.</param>
    public static NotificationPlan For(Appointment appointment, IReadOnlyList<AppointmentEvent> events, string? reason)
    {
        var last = events[^1];
        var now = last.OccurredAt;
        var messages = new List<OutboxMessage>();
        var withdraw = false;

        OutboxMessage Message(NotificationTemplate template, NotificationChannel channel, AppointmentEvent cause, Instant? dueAt = null) =>
            new(template, channel, appointment.Id, last.Version, cause.Actor, reason, cause.PreviousStart, now, dueAt ?? now);

        void ToPatient(NotificationTemplate template, AppointmentEvent cause)
        {
            messages.Add(Message(template, NotificationChannel.Email, cause));
            messages.Add(Message(template, NotificationChannel.Sms, cause));
        }

        void Reminders(AppointmentEvent cause)
        {
            // A reminder whose time has already passed would arrive late and say nothing new.
            var email = appointment.Start - AppointmentOutbox.EmailReminderLead;
            if (email > now) messages.Add(Message(NotificationTemplate.PatientReminder, NotificationChannel.Email, cause, email));
            var sms = appointment.Start - AppointmentOutbox.SmsReminderLead;
            if (sms > now) messages.Add(Message(NotificationTemplate.PatientReminder, NotificationChannel.Sms, cause, sms));
        }

        var booked = events.FirstOrDefault(e => e.Kind == AppointmentEventKind.Booked);
        if (booked is not null)
        {
            // An auto-confirmation in the same save is part of the booking: one message says "confirmed".
            ToPatient(NotificationTemplate.PatientBooked, booked);
            messages.Add(Message(NotificationTemplate.DoctorBooked, NotificationChannel.Email, booked));
            if (AppointmentStatusRules.IsActive(appointment.Status)) Reminders(booked);
            return new(messages, WithdrawReminders: false);
        }

        switch (last.Kind)
        {
            case AppointmentEventKind.Rescheduled:
                ToPatient(NotificationTemplate.PatientRescheduled, last);
                if (last.Actor != Actor.Doctor) messages.Add(Message(NotificationTemplate.DoctorRescheduled, NotificationChannel.Email, last));
                withdraw = true;
                Reminders(last);
                break;
            case AppointmentEventKind.Cancelled:
                ToPatient(NotificationTemplate.PatientCancelled, last);
                if (last.Actor != Actor.Doctor) messages.Add(Message(NotificationTemplate.DoctorCancelled, NotificationChannel.Email, last));
                withdraw = true;
                break;
            case AppointmentEventKind.StatusChanged when appointment.Status == AppointmentStatus.Confirmed:
                ToPatient(NotificationTemplate.PatientConfirmed, last);
                break;
            case AppointmentEventKind.StatusChanged when appointment.Status == AppointmentStatus.NoShow:
                messages.Add(Message(NotificationTemplate.PatientNoShow, NotificationChannel.Email, last));
                withdraw = true;
                break;
            case AppointmentEventKind.StatusChanged:
                // Completed: the visit happened; whatever reminder is left has nothing to remind of.
                withdraw = true;
                break;
        }
        return new(messages, withdraw);
    }
}
