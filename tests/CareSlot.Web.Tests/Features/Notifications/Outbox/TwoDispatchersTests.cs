using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Notifications.Outbox;

/// <summary>Two app instances on one PostgreSQL database dispatch the same due messages at the same time.</summary>
public sealed class TwoDispatchersTests(PostgresAppWithSmtp app) : IClassFixture<PostgresAppWithSmtp>
{
    private const int Reminders = 1_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThousandDueReminders_TwoInstances_EachDeliveredExactlyOnce()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var now = Instant.FromDateTimeOffset(app.Clock.GetUtcNow());
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
            var type = await db.AppointmentTypes.SingleAsync(t => t.Id == doctor.TypeId, Ct);
            var first = now.Plus(Duration.FromDays(2));
            for (var i = 0; i < Reminders; i++)
            {
                db.Appointments.Add(Appointment.Book(doctor.DoctorId, doctor.ClinicId, type, patient.Id,
                    first.Plus(Duration.FromMinutes(30 * i)), "", autoConfirm: true, now));
            }
            await scope.ServiceProvider.GetRequiredService<AppointmentOutbox>().QueueAsync(db, Ct);
            await db.SaveChangesAsync(Ct);
            // Keep only the e-mail reminders, and make them all due now.
            var ofThisDoctor = db.OutboxMessages.Where(m => db.Appointments.Any(a => a.Id == m.AppointmentId && a.DoctorId == doctor.DoctorId));
            await ofThisDoctor.Where(m => m.Template != NotificationTemplate.PatientReminder || m.Channel != NotificationChannel.Email).ExecuteDeleteAsync(Ct);
            await ofThisDoctor.ExecuteUpdateAsync(m => m.SetProperty(x => x.DueAt, now), Ct);
        }
        await using var second = new SecondInstanceApp(app);
        await second.InitializeAsync();
        second.Clock.SetUtcNow(app.Clock.GetUtcNow());

        var claimed = await Task.WhenAll(Task.Run(app.DispatchAsync, Ct), Task.Run(second.DispatchAsync, Ct));

        Assert.Equal(Reminders, claimed.Sum()); // no message was claimed by both
        var delivered = (await app.Smtp.MessagesAsync()).Where(m => m.To.Mailboxes.Any(a => a.Address == patient.Email)).ToList();
        Assert.Equal(Reminders, delivered.Count);
        Assert.Equal(Reminders, delivered.Select(m => m.MessageId).Distinct().Count());
        var states = await app.WithDbAsync(db => db.OutboxMessages
            .Where(m => db.Appointments.Any(a => a.Id == m.AppointmentId && a.DoctorId == doctor.DoctorId))
            .GroupBy(m => new { m.State, m.Attempts }).Select(g => new { g.Key.State, g.Key.Attempts, Count = g.Count() }).ToListAsync(Ct));
        Assert.Equal((OutboxState.Sent, 1, Reminders), states.Select(s => (s.State, s.Attempts, s.Count)).Single());
    }
}
