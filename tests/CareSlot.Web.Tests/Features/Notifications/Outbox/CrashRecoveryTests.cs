using System.Net;
using System.Net.Http.Json;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Notifications.Outbox;

/// <summary>
/// The app process is killed (SIGKILL) in the middle of a burst of bookings while its dispatcher is sending, then
/// started again. The processes run on the real clock, as in production; the test only waits for outcomes.
/// </summary>
public sealed class CrashRecoveryTests(PostgresAppWithSmtp app) : IClassFixture<PostgresAppWithSmtp>
{
    private const int Doctors = 3;
    private const int SlotsPerDoctor = 20;
    private const int KillAfterResponses = 15;
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(90);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Dictionary<string, string?> ProcessSettings() => new(app.DatabaseSettings)
    {
        ["RateLimiting:Enabled"] = "false",
        ["Seed:Demo"] = "false",
        ["Directory:AvailabilityRefreshSeconds"] = "0",
        ["Notifications:DispatchIntervalMilliseconds"] = "100",
        ["Notifications:BatchSize"] = "5",
        // A killed instance's claims are taken over this soon after it dies.
        ["Notifications:ClaimLeaseSeconds"] = "3",
    };

    [Fact]
    public async Task KilledDuringBookingBurst_AfterRestart_EveryCommittedBookingHasExactlyOneConfirmation()
    {
        // Arranged through the in-process app on the same database; the processes share its Data Protection keys, so its tokens work
        // there. A real process runs on the real clock, so the arranging app's clock is set to it: times are relative, never fixed.
        app.Clock.SetUtcNow(TimeProvider.System.GetUtcNow());
        var doctors = new List<TestDoctor>();
        for (var i = 0; i < Doctors; i++) doctors.Add(await app.CreateBookableDoctorAsync());
        var patients = await app.CreatePatientsAsync(Doctors * SlotsPerDoctor);
        var doctorIds = doctors.Select(d => d.DoctorId).ToList();

        await using var first = await AppProcess.StartAsync(ProcessSettings());
        var responses = 0;
        var killed = new TaskCompletionSource();
        var bookings = patients.Select((patient, i) => Task.Run(async () =>
        {
            var doctor = doctors[i % Doctors];
            var start = app.LocalTimeTomorrow(doctor, 8 + i / Doctors / 2, 30 * (i / Doctors % 2), daysAhead: 3);
            using var http = new HttpClient { BaseAddress = first.BaseAddress };
            http.DefaultRequestHeaders.Authorization = patient.Client.DefaultRequestHeaders.Authorization;
            try
            {
                using var response = await http.PostAsJsonAsync("api/v1/appointments", new BookAppointmentRequest(doctor.DoctorId, doctor.TypeId, start, "Burst"), Ct);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                if (Interlocked.Increment(ref responses) == KillAfterResponses) killed.TrySetResult();
            }
            catch (HttpRequestException)
            {
                // the process died under this request: it may or may not have committed
            }
        }, Ct)).ToList();

        await Task.WhenAny(killed.Task, Task.WhenAll(bookings));
        await first.KillAsync();
        await Task.WhenAll(bookings);

        await using var second = await AppProcess.StartAsync(ProcessSettings());
        var committed = await WaitUntilConfirmationsSettledAsync(doctorIds);

        Assert.InRange(committed.Count, KillAfterResponses, Doctors * SlotsPerDoctor);
        var confirmations = (await app.Smtp.MessagesAsync())
            .Where(m => patients.Any(p => m.To.Mailboxes.Any(a => a.Address == p.Email)))
            .ToList();
        var byAppointment = confirmations.GroupBy(m => committed.FirstOrDefault(id => m.TextBody!.Contains($"/appointments/{id}", StringComparison.Ordinal)))
            .ToDictionary(g => g.Key, g => g.ToList());
        // No message for a booking that did not commit: each one names an appointment in the database.
        Assert.False(byAppointment.ContainsKey(Guid.Empty), "an e-mail names no committed appointment");
        // Every committed booking: one confirmation. SMTP has no exactly-once; a kill between the server's acceptance and
        // our record of it repeats the send, with the same Message-Id, by which receivers drop the copy.
        Assert.Equal(committed.Order(), byAppointment.Keys.Order());
        Assert.All(byAppointment.Values, copies => Assert.Single(copies.Select(m => m.MessageId).Distinct()));
    }

    /// <summary>Waits until no confirmation of these doctors' appointments is still pending; returns the committed appointments.</summary>
    private async Task<List<Guid>> WaitUntilConfirmationsSettledAsync(List<int> doctorIds)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var (appointments, pending) = await app.WithDbAsync(async db =>
            {
                var ids = await db.Appointments.Where(a => doctorIds.Contains(a.DoctorId)).Select(a => a.Id).ToListAsync(Ct);
                var open = await db.OutboxMessages.CountAsync(m => m.AppointmentId != null && ids.Contains(m.AppointmentId.Value)
                    && m.Template == NotificationTemplate.PatientBooked && m.Channel == NotificationChannel.Email && m.State != OutboxState.Sent, Ct);
                return (ids, open);
            });
            if (pending == 0) return appointments;
            if (waited.Elapsed > DeliveryTimeout) throw new TimeoutException($"{pending} confirmations still unsent after {DeliveryTimeout.TotalSeconds} s.");
            await Task.Delay(200, Ct);
        }
    }
}
