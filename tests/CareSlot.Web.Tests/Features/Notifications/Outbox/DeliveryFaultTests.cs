using System.Net;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Notifications.Outbox;

public sealed class DeliveryFaultTestsOnSqlite(SqliteAppWithSmtp app) : DeliveryFaultTests(app, app.Smtp), IClassFixture<SqliteAppWithSmtp>;

public sealed class DeliveryFaultTestsOnPostgres(PostgresAppWithSmtp app) : DeliveryFaultTests(app, app.Smtp), IClassFixture<PostgresAppWithSmtp>;

/// <summary>The SMTP server goes away and comes back: nothing is lost, nothing is sent twice, what never gets through is shown to admins.</summary>
public abstract class DeliveryFaultTests(CareSlotApp app, SmtpSink smtp)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private void Advance(TimeSpan by) => app.Clock.Advance(by);

    private async Task<List<OutboxMessage>> EmailsOfAsync(IEnumerable<Guid> appointments)
    {
        var ids = appointments.ToList();
        return await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.AppointmentId != null && ids.Contains(m.AppointmentId.Value) && m.Channel == NotificationChannel.Email && m.Template != NotificationTemplate.PatientReminder)
            .ToListAsync(Ct));
    }

    private async Task<int> MessagesToAsync(string address) =>
        (await smtp.MessagesAsync()).Count(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase)));

    [Fact]
    public async Task SmtpDown_ThenBack_EveryMessageArrivesOnce()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var doctorUser = await app.CreateDoctorUserAsync(doctor);
        var patients = await app.CreatePatientsAsync(5);
        var booked = new List<AppointmentView>();
        for (var i = 0; i < patients.Count; i++) booked.Add(await patients[i].BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 9 + i, daysAhead: 3)));

        await smtp.StopAsync();
        try
        {
            await app.DispatchAsync();
            var waiting = await EmailsOfAsync(booked.Select(b => b.Id));
            Assert.Equal(10, waiting.Count); // five confirmations, five notices to the doctor
            Assert.All(waiting, m =>
            {
                Assert.Equal((OutboxState.Pending, 1), (m.State, m.Attempts));
                Assert.Contains("could not be reached", m.LastError, StringComparison.Ordinal);
                Assert.True(m.DueAt > Instant.FromDateTimeOffset(app.Clock.GetUtcNow()), "a failed attempt is retried later, not at once");
            });
            // Still down at the first retry: a second attempt, a longer wait.
            Advance(TimeSpan.FromMinutes(2));
            await app.DispatchAsync();
            Assert.All(await EmailsOfAsync(booked.Select(b => b.Id)), m => Assert.Equal((OutboxState.Pending, 2), (m.State, m.Attempts)));
        }
        finally
        {
            await smtp.StartAsync();
        }

        Advance(TimeSpan.FromHours(1));
        await app.DispatchAsync();
        await app.DispatchAsync();

        Assert.All(await EmailsOfAsync(booked.Select(b => b.Id)), m => Assert.Equal((OutboxState.Sent, 3), (m.State, m.Attempts)));
        foreach (var patient in patients) Assert.Equal(1, await MessagesToAsync(patient.Email));
        Assert.Equal(5, await MessagesToAsync(doctorUser.Email));
    }

    [Fact]
    public async Task SmtpDownForLong_MessageFailsAfterLastAttempt_AdminRetriesFromTheDeliveryLog()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10, daysAhead: 3));

        await smtp.StopAsync();
        try
        {
            for (var attempt = 0; attempt < 8; attempt++)
            {
                await app.DispatchAsync();
                Advance(TimeSpan.FromHours(2));
            }
        }
        finally
        {
            await smtp.StartAsync();
        }
        var failed = (await EmailsOfAsync([booked.Id])).Single(m => m.Template == NotificationTemplate.PatientBooked);
        Assert.Equal((OutboxState.Failed, 8), (failed.State, failed.Attempts));

        var admin = app.CreateBrowserClient();
        await admin.SignInWithTwoFactorAsync(app, await app.CreateAccountAsync(Roles.Admin, twoFactor: true));
        var log = await (await admin.GetAsync(new Uri("/admin/deliveries?state=failed", UriKind.Relative), Ct)).ReadHtmlAsync();
        var row = log.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains($"#{failed.Id}", StringComparison.Ordinal));
        Assert.Contains(patient.Email, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("patient-booked", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("could not be reached", row.TextContent, StringComparison.Ordinal);
        var retry = row.QuerySelector("form")!.GetAttribute("action")!;
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitFormAsync("/admin/deliveries?state=failed", new Dictionary<string, string>(), retry)).StatusCode);

        await app.DispatchAsync();

        Assert.Equal(OutboxState.Sent, (await EmailsOfAsync([booked.Id])).Single(m => m.Id == failed.Id).State);
        Assert.Equal(1, await MessagesToAsync(patient.Email));
        var sent = await (await admin.GetAsync(new Uri("/admin/deliveries?state=sent", UriKind.Relative), Ct)).ReadHtmlAsync();
        var sentRow = sent.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains($"#{failed.Id}", StringComparison.Ordinal));
        Assert.Contains("Sent", sentRow.TextContent, StringComparison.Ordinal);
        // The log names the template and the recipient, never what the message said.
        Assert.DoesNotContain(booked.DoctorName, sent.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registration_WhileSmtpIsDown_Succeeds_TheLinkArrivesWhenItIsBack_NeverStoredReadable()
    {
        var request = AccountsTestKit.ValidRegistration();

        await smtp.StopAsync();
        try
        {
            (await app.CreateBrowserClient().RegisterAsync(request)).EnsureSuccessStatusCode();
            await app.DispatchAsync();
        }
        finally
        {
            await smtp.StartAsync();
        }
        var waiting = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Address == request.Email, Ct));
        Assert.Equal((OutboxState.Pending, 1, NotificationTemplate.AccountEmailVerification), (waiting.State, waiting.Attempts, waiting.Template));
        Assert.DoesNotContain("verify-email", waiting.ProtectedContent, StringComparison.Ordinal);

        Advance(TimeSpan.FromHours(1));
        await app.DispatchAsync();

        var sent = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Address == request.Email, Ct));
        Assert.Equal(OutboxState.Sent, sent.State);
        Assert.Null(sent.ProtectedContent); // the link is gone from the database once it went out
        var email = (await smtp.MessagesAsync()).Single(m => m.To.Mailboxes.Any(a => a.Address == request.Email));
        Assert.Contains("/account/verify-email?token=", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliveryLog_NotAnAdmin_GetsNotFound()
    {
        var patient = app.CreateBrowserClient();
        await patient.SignInAsync(await app.CreateAccountAsync(Roles.Patient), AccountsTestKit.Password);

        var response = await patient.GetAsync(new Uri("/admin/deliveries", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
