using System.Globalization;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;
using static Microsoft.Playwright.Assertions;

namespace CareSlot.BrowserTests;

/// <summary>
/// A patient withdraws consent to SMS reminders on their privacy page with one click; a reminder then falls due and the
/// SMS gateway (Development's: the mailbox the SMS transport writes to) never receives it, while a patient who kept the
/// consent gets theirs from the same dispatcher.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class ConsentJourneyTests(BrowserApp app)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PatientWithdrawsSmsReminders_OnThePrivacyPage_TheDueReminderNeverReachesTheGateway(bool javaScript)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var otherDoctor = await app.CreateBookableDoctorAsync();
        var withdrawing = await app.CreatePatientAsync();
        var keeping = await app.CreatePatientAsync();
        var withdrawingPhone = await VerifiedPhoneAsync(withdrawing);
        var keepingPhone = await VerifiedPhoneAsync(keeping);

        await using var context = await app.NewContextAsync(1280, 800, javaScript);
        var view = await context.NewPageAsync();
        await AppPages.SignInAsync(view, withdrawing, BookingFixtures.Password);
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Link, new() { Name = "Your privacy choices", Exact = true }));
        await Expect(view.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your privacy choices");
        var sms = view.GetByRole(AriaRole.Listitem).Filter(new() { Has = view.GetByRole(AriaRole.Heading, new() { Name = "Appointment reminders by SMS" }) });
        await Expect(sms.Locator(".status")).ToHaveTextAsync("Given");
        await AppPages.ClickAndLoadAsync(view, sms.GetByRole(AriaRole.Button, new() { Name = "Withdraw", Exact = true }));
        await Expect(view.GetByRole(AriaRole.Status)).ToContainTextAsync("You withdrew your consent to: Appointment reminders by SMS.");
        await Expect(sms.Locator(".status")).ToHaveTextAsync("Withdrawn");
        await Expect(view.Locator("table tbody tr").First).ToContainTextAsync("Appointment reminders by SMS");

        // Visits 90 minutes away: each SMS reminder (two hours before) is due at once, and the running dispatcher takes it.
        var withdrawnVisit = await app.SeedAppointmentAsync(withdrawing, doctor.Id, Duration.FromMinutes(90));
        var keptVisit = await app.SeedAppointmentAsync(keeping, otherDoctor.Id, Duration.FromMinutes(90));

        var reminderText = await SentSms.ReadAsync(context, keepingPhone);
        Assert.False(string.IsNullOrWhiteSpace(reminderText));
        Assert.Equal(OutboxState.Sent, await SmsReminderStateAsync(keptVisit));
        Assert.Equal(OutboxState.Skipped, await SmsReminderStateAsync(withdrawnVisit));
        var mailbox = await context.NewPageAsync();
        await mailbox.GotoAsync("/dev/mailbox");
        await Expect(mailbox.GetByRole(AriaRole.Row).Filter(new() { HasText = withdrawingPhone })).ToHaveCountAsync(0);
    }

    /// <summary>A verified mobile number of the patient's own; changes go by e-mail only, so any SMS to it is a reminder.</summary>
    private async Task<string> VerifiedPhoneAsync(string email)
    {
        var phone = "+4915" + Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CareSlotDb>().Users.Where(u => u.Email == email).ExecuteUpdateAsync(u => u
            .SetProperty(a => a.PhoneNumber, phone).SetProperty(a => a.PhoneNumberConfirmed, true).SetProperty(a => a.SmsUpdates, false));
        return phone;
    }

    /// <summary>
    /// The SMS reminder's state. Read after the other patient's reminder reached the gateway: the dispatcher takes due rows
    /// oldest first, and this one was queued before it, so it has been decided by then.
    /// </summary>
    private async Task<OutboxState> SmsReminderStateAsync(Guid appointmentId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var messages = await scope.ServiceProvider.GetRequiredService<CareSlotDb>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.AppointmentId == appointmentId && m.Channel == NotificationChannel.Sms).ToListAsync();
        return messages.Single(m => m.IsReminder).State;
    }
}
