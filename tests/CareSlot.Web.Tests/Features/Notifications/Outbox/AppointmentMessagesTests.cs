using System.Net.Http.Json;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Tests.Features.Notifications.Outbox;

public sealed class AppointmentMessagesTestsOnSqlite(SqliteApp app) : AppointmentMessagesTests(app), IClassFixture<SqliteApp>;

public sealed class AppointmentMessagesTestsOnPostgres(PostgresApp app) : AppointmentMessagesTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Which messages each appointment change queues, what they say and to whom, and how reminders follow moves and
/// cancellations. The clock only moves forward; each test books on its own doctor a few days ahead of "now".
/// </summary>
public abstract class AppointmentMessagesTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(TestDoctor Doctor, ApiUser DoctorUser, ApiUser Patient, AppointmentView Booked)> BookedAsync(int daysAhead = 3, int hour = 10,
        string zone = "Europe/Berlin")
    {
        var doctor = await app.CreateBookableDoctorAsync(zone);
        var doctorUser = await app.CreateDoctorUserAsync(doctor);
        var patient = (await app.CreatePatientsAsync(1))[0];
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, hour, daysAhead: daysAhead));
        return (doctor, doctorUser, patient, booked);
    }

    private static Instant StartOf(AppointmentView appointment) => OffsetDateTimePattern.ExtendedIso.Parse(appointment.Start).Value.ToInstant();

    private void SetClock(Instant now) => app.Clock.SetUtcNow(now.ToDateTimeOffset());

    private Instant Now => Instant.FromDateTimeOffset(app.Clock.GetUtcNow());

    [Fact]
    public async Task Booking_QueuesConfirmationsNoticeAndBothReminders_DueAtTheirTimes()
    {
        var (_, _, _, booked) = await BookedAsync();
        var start = StartOf(booked);

        var queued = await app.OutboxAsync(booked.Id);

        var expected = new[]
        {
            (NotificationTemplate.PatientBooked, NotificationChannel.Email, Now),
            (NotificationTemplate.PatientBooked, NotificationChannel.Sms, Now),
            (NotificationTemplate.DoctorBooked, NotificationChannel.Email, Now),
            (NotificationTemplate.PatientReminder, NotificationChannel.Email, start - Duration.FromHours(24)),
            (NotificationTemplate.PatientReminder, NotificationChannel.Sms, start - Duration.FromHours(2)),
        };
        Assert.Equal(expected.OrderBy(e => e.ToString()), queued.Select(m => (m.Template, m.Channel, m.DueAt)).OrderBy(e => e.ToString()));
        Assert.All(queued, m => Assert.Equal(OutboxState.Pending, m.State));
        // Auto-confirm made version 2 in the same save; the messages announce the booking as it committed.
        Assert.All(queued, m => Assert.Equal(2, m.AppointmentVersion));
        Assert.Equal(queued.Count, queued.Select(m => m.Key).Distinct().Count());
    }

    [Fact]
    public async Task Booking_ReminderTimeAlreadyPassed_QueuesNoSuchReminder()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        // Booked at 09:00 for 12:00: the e-mail reminder (24 h before) has passed, the SMS one (2 h before) has not.
        SetClock(Now.InZone(doctor.Zone).Date.PlusDays(1).At(new LocalTime(9, 0)).InZoneStrictly(doctor.Zone).ToInstant());
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 12, daysAhead: 0));

        var reminders = (await app.OutboxAsync(booked.Id)).Where(m => m.IsReminder).ToList();

        Assert.Equal(NotificationChannel.Sms, Assert.Single(reminders).Channel);
    }

    [Fact]
    public async Task Dispatch_Booking_SendsPatientAndDoctorEmailsWithDetailsAndInvitation()
    {
        var (doctor, doctorUser, patient, booked) = await BookedAsync();

        await app.DispatchAsync();

        var email = Assert.Single(await app.EmailsToAsync(patient.Email));
        var text = email.TextBody;
        var start = StartOf(booked).InZone(doctor.Zone);
        Assert.Contains(booked.DoctorName, text, StringComparison.Ordinal);
        Assert.Contains(booked.ClinicName, text, StringComparison.Ordinal);
        Assert.Contains("1 Test Street", text, StringComparison.Ordinal);
        Assert.Contains($"{start.Hour:00}:{start.Minute:00}", text, StringComparison.Ordinal);
        Assert.Contains("CET", text, StringComparison.Ordinal);
        Assert.Contains($"/appointments/{booked.Id}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Check-up", text, StringComparison.Ordinal); // the reason for the visit stays out of e-mail
        var calendar = email.Calendar();
        Assert.Contains("METHOD:REQUEST", calendar, StringComparison.Ordinal);
        Assert.Contains(booked.Id.ToString(), calendar, StringComparison.OrdinalIgnoreCase);

        var notice = Assert.Single(await app.EmailsToAsync(doctorUser.Email));
        Assert.Contains("Patient Person", notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Check-up", notice.TextBody, StringComparison.Ordinal);

        var queued = await app.OutboxAsync(booked.Id);
        Assert.Equal(OutboxState.Sent, queued.Single(m => m.Template == NotificationTemplate.PatientBooked && m.Channel == NotificationChannel.Email).State);
        Assert.Equal(patient.Email, queued.Single(m => m.Template == NotificationTemplate.PatientBooked && m.Channel == NotificationChannel.Email).SentTo);
        // No verified mobile number: the SMS is skipped, with the reason kept for the delivery log.
        var sms = queued.Single(m => m.Template == NotificationTemplate.PatientBooked && m.Channel == NotificationChannel.Sms);
        Assert.Equal((OutboxState.Skipped, "The patient has no verified mobile number."), (sms.State, sms.LastError));
        Assert.All(queued.Where(m => m.IsReminder), m => Assert.Equal(OutboxState.Pending, m.State));
    }

    [Fact]
    public async Task Dispatch_Booking_LinksToTheAppointmentOnThePublicOrigin()
    {
        var (_, doctorUser, patient, booked) = await BookedAsync();

        await app.DispatchAsync();

        var link = $"{CareSlotApp.PublicOrigin}/appointments/{booked.Id}";
        var email = Assert.Single(await app.EmailsToAsync(patient.Email));
        Assert.Contains(link, email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{link}\"", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(link, Assert.Single(await app.EmailsToAsync(doctorUser.Email)).TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_Twice_SendsEachMessageOnce()
    {
        var (_, _, patient, _) = await BookedAsync();

        await app.DispatchAsync();
        await app.DispatchAsync();

        Assert.Single(await app.EmailsToAsync(patient.Email));
    }

    [Fact]
    public async Task Reminders_GoAtTheirTimes_EmailDayBeforeAndSmsTwoHoursBefore()
    {
        var (_, _, patient, booked) = await BookedAsync(daysAhead: 4);
        await app.VerifyPhoneAsync(patient.Id, "+4915112340001");
        var start = StartOf(booked);
        await app.DispatchAsync();

        SetClock(start - Duration.FromHours(24) - Duration.FromMinutes(1));
        await app.DispatchAsync();
        Assert.Single(await app.EmailsToAsync(patient.Email));

        SetClock(start - Duration.FromHours(24));
        await app.DispatchAsync();
        var reminder = (await app.EmailsToAsync(patient.Email))[^1];
        Assert.Equal(2, (await app.EmailsToAsync(patient.Email)).Count);
        Assert.Contains(booked.DoctorName, reminder.TextBody, StringComparison.Ordinal);

        var smsBefore = (await app.SmsToAsync("+4915112340001")).Count;
        SetClock(start - Duration.FromHours(2));
        await app.DispatchAsync();
        var sms = await app.SmsToAsync("+4915112340001");
        Assert.Equal(smsBefore + 1, sms.Count);
        Assert.Contains($"/appointments/{booked.Id}", sms[^1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reschedule_ReplacesRemindersInTheSameTransaction_AndAnnouncesTheMove()
    {
        var (doctor, doctorUser, patient, booked) = await BookedAsync(daysAhead: 3);
        await app.DispatchAsync();
        var newStart = app.LocalTimeTomorrow(doctor, 15, daysAhead: 5);

        (await patient.Client.PostAsJsonAsync($"/api/v1/appointments/{booked.Id}/reschedule", new RescheduleRequest(newStart, null), Ct))
            .EnsureSuccessStatusCode();

        var queued = await app.OutboxAsync(booked.Id);
        var reminders = queued.Where(m => m.IsReminder).ToList();
        Assert.Equal(2, reminders.Count(m => m.State == OutboxState.Withdrawn && m.AppointmentVersion == 2));
        var moved = OffsetDateTimePattern.ExtendedIso.Parse(newStart).Value.ToInstant();
        Assert.Equal(
            [moved - Duration.FromHours(24), moved - Duration.FromHours(2)],
            reminders.Where(m => m.State == OutboxState.Pending).Select(m => m.DueAt).Order());

        await app.DispatchAsync();
        var announcement = (await app.EmailsToAsync(patient.Email))[^1];
        var calendar = announcement.Calendar();
        Assert.Contains("METHOD:REQUEST", calendar, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:3", calendar, StringComparison.Ordinal);
        Assert.Contains("15:00", announcement.TextBody, StringComparison.Ordinal);
        // The patient moved it, so the doctor hears of it.
        Assert.Equal(2, (await app.EmailsToAsync(doctorUser.Email)).Count);

        // The old reminder's time passes with nothing sent; the new one's brings the reminder.
        var emailsBefore = (await app.EmailsToAsync(patient.Email)).Count;
        SetClock(StartOf(booked) - Duration.FromHours(24));
        await app.DispatchAsync();
        Assert.Equal(emailsBefore, (await app.EmailsToAsync(patient.Email)).Count);
        SetClock(moved - Duration.FromHours(24));
        await app.DispatchAsync();
        Assert.Equal(emailsBefore + 1, (await app.EmailsToAsync(patient.Email)).Count);
    }

    [Fact]
    public async Task Cancel_ByDoctor_WithdrawsReminders_TellsPatientWhoAndWhy_WithCalendarCancel()
    {
        var (_, doctorUser, patient, booked) = await BookedAsync(daysAhead: 3);
        await app.DispatchAsync();

        (await doctorUser.Client.PostAsJsonAsync($"/api/v1/appointments/{booked.Id}/cancel", new CancelAppointmentRequest("The doctor is ill"), Ct))
            .EnsureSuccessStatusCode();

        var queued = await app.OutboxAsync(booked.Id);
        Assert.All(queued.Where(m => m.IsReminder), m => Assert.Equal(OutboxState.Withdrawn, m.State));
        Assert.DoesNotContain(queued, m => m.Template == NotificationTemplate.DoctorCancelled); // the doctor did it

        await app.DispatchAsync();
        var cancellation = (await app.EmailsToAsync(patient.Email))[^1];
        Assert.Contains("The doctor is ill", cancellation.TextBody, StringComparison.Ordinal);
        Assert.Contains(booked.DoctorName, cancellation.TextBody, StringComparison.Ordinal);
        var calendar = cancellation.Calendar();
        Assert.Contains("METHOD:CANCEL", calendar, StringComparison.Ordinal);
        Assert.Contains("STATUS:CANCELLED", calendar, StringComparison.Ordinal);
        Assert.Single(await app.EmailsToAsync(doctorUser.Email)); // only the booking notice
    }

    [Fact]
    public async Task Cancel_ByPatient_TellsTheDoctor()
    {
        var (_, doctorUser, patient, booked) = await BookedAsync(daysAhead: 3);

        (await patient.Client.PostAsJsonAsync($"/api/v1/appointments/{booked.Id}/cancel", new CancelAppointmentRequest(null), Ct))
            .EnsureSuccessStatusCode();
        await app.DispatchAsync();

        var notices = await app.EmailsToAsync(doctorUser.Email);
        Assert.Equal(2, notices.Count);
        Assert.Contains("Patient Person", notices[^1].TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Confirmation_ByDoctorOfARequestedBooking_TellsThePatient()
    {
        var doctor = await app.CreateBookableDoctorAsync(policy: p => p.AutoConfirm = false);
        var doctorUser = await app.CreateDoctorUserAsync(doctor);
        var patient = (await app.CreatePatientsAsync(1))[0];
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 11, daysAhead: 3));

        (await doctorUser.Client.PostAsJsonAsync($"/api/v1/appointments/{booked.Id}/status", new ChangeStatusRequest("confirmed", null), Ct))
            .EnsureSuccessStatusCode();

        var queued = await app.OutboxAsync(booked.Id);
        Assert.Contains(queued, m => m.Template == NotificationTemplate.PatientConfirmed && m.Channel == NotificationChannel.Email && m.AppointmentVersion == 2);
        await app.DispatchAsync();
        Assert.Equal(2, (await app.EmailsToAsync(patient.Email)).Count);
    }

    [Fact]
    public async Task Preferences_SmsUpdatesOff_SendsChangesByEmailOnly_ButSmsRemindersStillGo()
    {
        var (_, _, patient, booked) = await BookedAsync(daysAhead: 3);
        await app.VerifyPhoneAsync(patient.Id, "+4915112340002");
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == patient.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.SmsUpdates, false), Ct));

        await app.DispatchAsync();

        var queued = await app.OutboxAsync(booked.Id);
        var sms = queued.Single(m => m.Template == NotificationTemplate.PatientBooked && m.Channel == NotificationChannel.Sms);
        Assert.Equal(OutboxState.Skipped, sms.State);
        Assert.Empty(await app.SmsToAsync("+4915112340002"));
        SetClock(StartOf(booked) - Duration.FromHours(2));
        await app.DispatchAsync();
        Assert.Single(await app.SmsToAsync("+4915112340002"));
    }

    [Fact]
    public async Task Preferences_RemindersOff_SkipsThem()
    {
        var (_, _, patient, booked) = await BookedAsync(daysAhead: 3);
        await app.VerifyPhoneAsync(patient.Id, "+4915112340003");
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == patient.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.EmailReminders, false), Ct));
        await app.WithDbAsync(db =>
        {
            db.ConsentRecords.Add(new CareSlot.Web.Features.Consents.ConsentRecord(patient.Id, CareSlot.Web.Features.Consents.ConsentPurpose.SmsReminders, false,
                "2026-11", Now, CareSlot.Web.Features.Consents.ConsentSource.Api));
            return db.SaveChangesAsync(Ct);
        });

        SetClock(StartOf(booked) - Duration.FromHours(1));
        await app.DispatchAsync();

        var reminders = (await app.OutboxAsync(booked.Id)).Where(m => m.IsReminder).ToList();
        Assert.Equal(2, reminders.Count);
        Assert.All(reminders, m => Assert.Equal(OutboxState.Skipped, m.State));
        Assert.Single(await app.EmailsToAsync(patient.Email)); // the confirmation only
    }

    [Fact]
    public async Task QuietHours_SmsAboutALaterDay_WaitsUntilEightClinicTime()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        await app.VerifyPhoneAsync(patient.Id, "+4915112340004");
        // 22:30 in Berlin tonight; the visit is in three days.
        var tonight = Now.InZone(doctor.Zone).Date.PlusDays(1).At(new LocalTime(22, 30)).InZoneStrictly(doctor.Zone).ToInstant();
        SetClock(tonight);
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10, daysAhead: 3));

        await app.DispatchAsync();

        var sms = (await app.OutboxAsync(booked.Id)).Single(m => m.Template == NotificationTemplate.PatientBooked && m.Channel == NotificationChannel.Sms);
        var eight = tonight.InZone(doctor.Zone).Date.PlusDays(1).At(new LocalTime(8, 0)).InZoneStrictly(doctor.Zone).ToInstant();
        Assert.Equal((OutboxState.Pending, eight, 0), (sms.State, sms.DueAt, sms.Attempts));
        Assert.Empty(await app.SmsToAsync("+4915112340004"));
        Assert.Single(await app.EmailsToAsync(patient.Email)); // e-mail has no quiet hours

        SetClock(eight);
        await app.DispatchAsync();
        Assert.Single(await app.SmsToAsync("+4915112340004"));
    }

    [Fact]
    public async Task QuietHours_SameDayChange_GoesAtOnce()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var doctorUser = await app.CreateDoctorUserAsync(doctor);
        var patient = (await app.CreatePatientsAsync(1))[0];
        await app.VerifyPhoneAsync(patient.Id, "+4915112340005");
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10, daysAhead: 2));
        // 06:30 on the day of the visit: the doctor cancels.
        SetClock(StartOf(booked) - Duration.FromMinutes(210));
        await app.DispatchAsync();
        var before = (await app.SmsToAsync("+4915112340005")).Count;

        (await doctorUser.Client.PostAsJsonAsync($"/api/v1/appointments/{booked.Id}/cancel", new CancelAppointmentRequest("Emergency surgery"), Ct))
            .EnsureSuccessStatusCode();
        await app.DispatchAsync();

        Assert.Equal(before + 1, (await app.SmsToAsync("+4915112340005")).Count);
    }

    [Fact]
    public async Task IdempotencyKey_SecondRowForTheSameChange_IsRefusedByTheDatabase()
    {
        var (_, _, _, booked) = await BookedAsync();
        var original = (await app.OutboxAsync(booked.Id)).First(m => m.Template == NotificationTemplate.PatientBooked);

        await Assert.ThrowsAsync<DbUpdateException>(() => app.WithDbAsync(db =>
        {
            db.OutboxMessages.Add(new OutboxMessage(original.Template, original.Channel, booked.Id, original.AppointmentVersion,
                original.ChangedBy, null, null, original.CreatedAt, original.DueAt));
            return db.SaveChangesAsync(Ct);
        }));
    }

    [Fact]
    public async Task AppointmentChange_SavedPastTheWritePath_FailsAndChangesNothing()
    {
        var (_, _, _, booked) = await BookedAsync();
        var queuedBefore = (await app.OutboxAsync(booked.Id)).Count;

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            var appointment = await db.Appointments.SingleAsync(a => a.Id == booked.Id, Ct);
            appointment.ChangeStatus(AppointmentStatus.Cancelled, Actor.Patient, null, null, Now);
            return await db.SaveChangesAsync(Ct);
        }));

        Assert.Contains("AppointmentTransaction.SaveAsync", refused.Message, StringComparison.Ordinal);
        Assert.Equal(AppointmentStatus.Confirmed, await app.WithDbAsync(db => db.Appointments.Where(a => a.Id == booked.Id).Select(a => a.Status).SingleAsync(Ct)));
        Assert.Equal(queuedBefore, (await app.OutboxAsync(booked.Id)).Count);
    }
}
