using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MimeKit;
using static Microsoft.Playwright.Assertions;

namespace CareSlot.BrowserTests;

/// <summary>
/// A patient books; the confirmation reaches the SMTP server with what the patient needs to turn up, and an
/// administrator finds it in the delivery log as sent.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed partial class NotificationJourneyTests(BrowserApp app)
{
    /// <summary>Health information: the patient types it, and no message may carry it.</summary>
    private const string ReasonForVisit = "Recurring headaches";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PatientBooks_ConfirmationEmailReachesSmtpServer_AndDeliveryLogShowsItSent(bool javaScript)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = await app.CreatePatientAsync();
        var admin = await app.CreateAdminLoginAsync();
        await using var patientContext = await app.NewContextAsync(1280, 800, javaScript);
        var view = await patientContext.NewPageAsync();
        await AppPages.SignInAsync(view, patient, BookingFixtures.Password);

        await view.GotoAsync("/");
        await view.GetByLabel("Name, clinic or keyword", new() { Exact = true }).FillAsync(doctor.FamilyName);
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Search" }));
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Link, new() { Name = doctor.FullName, Exact = true }));
        await AppPages.OpenWeekAfterNextAsync(view);
        var slot = view.Locator("button.slot").First;
        var chosen = SlotLabel().Match(await slot.GetAttributeAsync("aria-label") ?? "");
        Assert.True(chosen.Success, "The first slot's label does not name its day, time and zone.");
        var (day, clock, zone) = (chosen.Groups["day"].Value, chosen.Groups["clock"].Value, chosen.Groups["zone"].Value);
        await AppPages.ClickAndLoadAsync(view, slot);
        await view.GetByLabel("Reason for the visit").FillAsync(ReasonForVisit);
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Confirm booking" }));
        await Expect(view.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your appointment is booked");
        await Expect(view).ToHaveURLAsync(AppointmentUrl());
        var appointmentPage = new Uri(view.Url).GetLeftPart(UriPartial.Path);

        var email = await app.WaitForEmailAsync(patient, $"Appointment confirmed: {doctor.FullName}, ");

        Assert.NotNull(email.TextBody);
        var text = email.TextBody.ReplaceLineEndings("\n");
        Assert.Contains(doctor.FullName, text);
        Assert.Contains($"Clinic: {doctor.ClinicName}, {doctor.ClinicAddress}\n", text);
        Assert.Matches($@"\nWhen: {Regex.Escape(day)}, {clock}–\d\d:\d\d {Regex.Escape(zone)}\n", text);
        Assert.Contains($"\n{appointmentPage}\n", text);
        Assert.Contains($"href=\"{appointmentPage}\"", email.HtmlBody);
        var invitation = email.BodyParts.OfType<TextPart>().Single(p => p.ContentType.IsMimeType("text", "calendar"));
        Assert.Equal("REQUEST", invitation.ContentType.Parameters["method"]);
        Assert.Contains("METHOD:REQUEST", invitation.Text);
        Assert.DoesNotContain(ReasonForVisit, email.Subject);
        foreach (var part in email.BodyParts.OfType<MimePart>())
        {
            Assert.DoesNotContain(ReasonForVisit, Unfolded(part));
        }

        // The link in the e-mail leads the patient back to the appointment.
        Assert.Equal(200, (await view.GotoAsync(appointmentPage))?.Status);
        await Expect(view.Locator(".facts")).ToContainTextAsync(clock);

        await using var adminContext = await app.NewContextAsync(1280, 800, javaScript);
        var adminView = await adminContext.NewPageAsync();
        await AppPages.SignInWithTwoFactorAsync(adminView, admin);
        await adminView.GotoAsync("/admin/deliveries");
        await adminView.GetByLabel("Show", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Sent" });
        await AppPages.ClickAndLoadAsync(adminView, adminView.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }));
        await Expect(adminView).ToHaveURLAsync(new Regex(@"/admin/deliveries\?state=sent$"));
        var row = adminView.GetByRole(AriaRole.Row).Filter(new() { HasText = "patient-booked.email" }).Filter(new() { HasText = patient });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator(".status")).ToHaveTextAsync("Sent");
    }

    /// <summary>
    /// The part's decoded text with iCalendar's folded lines joined, so a reason split across two lines would still be
    /// found. Joining lines of the other parts can only make a match more likely, never hide one.
    /// </summary>
    private static string Unfolded(MimePart part)
    {
        using var decoded = new MemoryStream();
        part.Content?.DecodeTo(decoded);
        return Encoding.UTF8.GetString(decoded.ToArray()).ReplaceLineEndings("\n").Replace("\n ", "", StringComparison.Ordinal);
    }

    /// <summary>"Monday 30 November 2026 at 09:00 CET".</summary>
    [GeneratedRegex(@"^(?<day>.+) at (?<clock>\d\d:\d\d) (?<zone>\S+)$")]
    private static partial Regex SlotLabel();

    [GeneratedRegex(@"/appointments/[0-9a-f-]{36}\?booked=true$")]
    private static partial Regex AppointmentUrl();
}
