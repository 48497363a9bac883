using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CareSlot.BrowserTests;

/// <summary>
/// A patient and their doctor write to each other in two browsers: live while the conversation is open (JavaScript and
/// the hub), and by reload without JavaScript; a file one sends arrives byte for byte at the other. The messaging pages' axe and width
/// checks are <see cref="AccessibilityTests"/>, through <see cref="AppPages"/>.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class MessagingJourneyTests(BrowserApp app)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PatientAndDoctor_ExchangeMessages_LiveWithJavaScript_ByReloadWithout(bool javaScript)
    {
        var (patientEmail, doctor, doctorLogin) = await app.CreateCareAsync();
        await using var patientContext = await app.NewContextAsync(1280, 800, javaScript);
        await using var doctorContext = await app.NewContextAsync(1280, 800, javaScript);
        var patient = await patientContext.NewPageAsync();
        var doctorView = await doctorContext.NewPageAsync();
        await AppPages.SignInAsync(patient, patientEmail, BookingFixtures.Password);
        await AppPages.SignInWithTwoFactorAsync(doctorView, doctorLogin);

        // The patient starts the conversation from the form.
        await patient.GotoAsync("/messages");
        await AppPages.ClickAndLoadAsync(patient, patient.GetByRole(AriaRole.Link, new() { Name = "New conversation" }));
        await patient.GetByLabel("Doctor").SelectOptionAsync(new SelectOptionValue { Label = doctor.FullName });
        await patient.GetByLabel("Subject").FillAsync("Dizziness");
        await patient.GetByLabel("Message", new() { Exact = true }).FillAsync("I feel dizzy in the mornings.");
        await AppPages.ClickAndLoadAsync(patient, AppPages.SubmitButton(patient));
        await Expect(patient.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Dizziness");
        var conversation = new Uri(patient.Url).AbsolutePath;

        // The doctor finds it in the navigation's unread count and opens it.
        await doctorView.GotoAsync("/account");
        await Expect(doctorView.Locator("nav a[href='/messages'] .nav-count")).ToHaveTextAsync("1 unread");
        await AppPages.ClickAndLoadAsync(doctorView, doctorView.Locator("nav a[href='/messages']"));
        await AppPages.ClickAndLoadAsync(doctorView, doctorView.GetByRole(AriaRole.Link, new() { Name = "Dizziness" }));
        await Expect(doctorView.Locator(".message__body")).ToHaveTextAsync(["I feel dizzy in the mornings."]);
        if (javaScript) await Expect(doctorView.Locator("#conversation-live[data-live=true]")).ToHaveCountAsync(1);
        if (javaScript) await patient.Locator("#conversation-live[data-live=true]").WaitForAsync();
        await doctorView.EvaluateAsync("() => window.notReloaded = true");

        await patient.GetByLabel("Message", new() { Exact = true }).FillAsync("It started with the new tablets.");
        await AppPages.ClickAndLoadAsync(patient, patient.GetByRole(AriaRole.Button, new() { Name = "Send" }));
        await Expect(patient.GetByRole(AriaRole.Status).First).ToHaveTextAsync("Your message has been sent.");

        if (!javaScript) await doctorView.ReloadAsync();
        await Expect(doctorView.Locator(".message__body")).ToHaveTextAsync(["I feel dizzy in the mornings.", "It started with the new tablets."]);
        if (javaScript)
        {
            Assert.True(await doctorView.EvaluateAsync<bool>("() => window.notReloaded === true"), "The doctor's page reloaded instead of updating live.");
            await Expect(doctorView.Locator("#conversation-announcer")).ToHaveTextAsync("New message");
        }

        // The patient's page loaded anew after sending; it follows the conversation again before the doctor answers.
        if (javaScript) await patient.Locator("#conversation-live[data-live=true]").WaitForAsync();
        await patient.EvaluateAsync("() => window.notReloaded = true");
        await doctorView.GetByLabel("Message", new() { Exact = true }).FillAsync("Please stop them and come in tomorrow.");
        await AppPages.ClickAndLoadAsync(doctorView, doctorView.GetByRole(AriaRole.Button, new() { Name = "Send" }));

        if (!javaScript) await patient.ReloadAsync();
        await Expect(patient.Locator(".message__body")).ToHaveTextAsync(
            ["I feel dizzy in the mornings.", "It started with the new tablets.", "Please stop them and come in tomorrow."]);
        if (javaScript) Assert.True(await patient.EvaluateAsync<bool>("() => window.notReloaded === true"), "The patient's page reloaded instead of updating live.");
        Assert.Equal(conversation, new Uri(patient.Url).AbsolutePath);
    }

    [Fact]
    public async Task Attachment_UploadedByThePatient_IsDownloadedByTheDoctorByteForByte()
    {
        var (patientEmail, doctor, doctorLogin) = await app.CreateCareAsync();
        await using var patientContext = await app.NewContextAsync(1280, 800);
        await using var doctorContext = await app.NewContextAsync(1280, 800);
        var patient = await patientContext.NewPageAsync();
        var doctorView = await doctorContext.NewPageAsync();
        await AppPages.SignInAsync(patient, patientEmail, BookingFixtures.Password);
        await AppPages.SignInWithTwoFactorAsync(doctorView, doctorLogin);
        await patient.GotoAsync("/messages/new");
        await patient.GetByLabel("Doctor").SelectOptionAsync(new SelectOptionValue { Label = doctor.FullName });
        await patient.GetByLabel("Subject").FillAsync("My lab report");
        await patient.GetByLabel("Message", new() { Exact = true }).FillAsync("From the other lab.");
        await AppPages.ClickAndLoadAsync(patient, AppPages.SubmitButton(patient));
        var conversation = new Uri(patient.Url).AbsolutePath;
        var report = new byte[300_000];
        MessagingFixtures.Pdf.CopyTo(report, 0);
        new Random(17).NextBytes(report.AsSpan(MessagingFixtures.Pdf.Length));

        await patient.GetByLabel("Message", new() { Exact = true }).FillAsync("Here it is.");
        await patient.GetByLabel("Attachment (optional)").SetInputFilesAsync(new FilePayload { Name = "lab report.pdf", MimeType = "application/pdf", Buffer = report });
        await AppPages.ClickAndLoadAsync(patient, patient.GetByRole(AriaRole.Button, new() { Name = "Send" }));
        await Expect(patient.GetByRole(AriaRole.Link, new() { Name = "lab report.pdf" })).ToBeVisibleAsync();

        await doctorView.GotoAsync(conversation);
        var download = await doctorView.RunAndWaitForDownloadAsync(() => doctorView.GetByRole(AriaRole.Link, new() { Name = "lab report.pdf" }).ClickAsync());
        var saved = Path.Combine(Path.GetTempPath(), $"careslot-download-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(saved);
        try
        {
            Assert.Equal("lab report.pdf", download.SuggestedFilename);
            Assert.Equal(report, await File.ReadAllBytesAsync(saved, TestContext.Current.CancellationToken));
        }
        finally
        {
            File.Delete(saved);
        }
    }
}
