using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CareSlot.BrowserTests;

/// <summary>
/// Issue 20's "done when": a patient exports their data (the JSON downloads, the page reads) and erases their account; they
/// can no longer sign in, their doctor sees "Former patient" on past visits, and the kept record says it is restricted and why.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class PrivacyJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task PatientExportsThenErases_DoctorSeesAFormerPatientWithARestrictedRecord()
    {
        var care = await app.CreateCareAsync(withNote: true);

        await using (var patientContext = await app.NewContextAsync(375, 800))
        {
            var view = await patientContext.NewPageAsync();
            await AppPages.SignInAsync(view, care.PatientEmail, BookingFixtures.Password);
            await view.GotoAsync("/account/data");
            await Expect(view.GetByRole(AriaRole.Heading, new() { Name = "Your data", Level = 1 })).ToBeVisibleAsync();
            await Expect(view.GetByRole(AriaRole.Heading, new() { Name = "Medical history", Level = 2 })).ToBeVisibleAsync();
            await Expect(view.Locator("section[aria-labelledby=history]")).ToContainTextAsync("Post-viral cough");

            var download = await view.RunAndWaitForDownloadAsync(() => view.Locator("a[href='/account/data/export.json']").ClickAsync());
            Assert.EndsWith(".json", download.SuggestedFilename, StringComparison.Ordinal);
            var json = await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
            Assert.Contains(care.PatientId.ToString(), json, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Post-viral cough", json, StringComparison.Ordinal);

            await AppPages.ClickAndLoadAsync(view, view.Locator("a[href='/account/data/erase']"));
            await Expect(view.Locator("#retention-preview")).ToContainTextAsync("kept by law");
            await view.Locator("#Input_Password").FillAsync(BookingFixtures.Password);
            await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Erase my account" }));
            await Expect(view.Locator("#erasure-done")).ToContainTextAsync("Your account is erased");
            await Expect(view.Locator("#erasure-retention")).ToContainTextAsync("restricted");

            // The same e-mail and password no longer sign in.
            await view.GotoAsync("/account/sign-in");
            await view.Locator("#Input_Email").FillAsync(care.PatientEmail);
            await view.Locator("#Input_Password").FillAsync(BookingFixtures.Password);
            await AppPages.ClickAndLoadAsync(view, AppPages.SubmitButton(view));
            await Expect(view).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/sign-in"));
        }

        await using var doctorContext = await app.NewContextAsync(1280, 800);
        var doctorView = await doctorContext.NewPageAsync();
        await AppPages.SignInWithTwoFactorAsync(doctorView, care.DoctorLogin);
        // Yesterday's visit keeps the doctor's care relationship: the patient is listed, by the anonymised name.
        await doctorView.GotoAsync("/doctor/patients");
        await Expect(doctorView.GetByRole(AriaRole.Main)).ToContainTextAsync("Former patient");
        await doctorView.GotoAsync($"/patients/{care.PatientId}/chart");
        await Expect(doctorView.Locator("h1")).ToContainTextAsync("Former patient");
        // The past visit with its note is still on the chart.
        await Expect(doctorView.Locator("#visits-caption")).ToHaveCountAsync(1);
        await Expect(doctorView.GetByRole(AriaRole.Main)).ToContainTextAsync("Persistent cough for two weeks");
        await Expect(doctorView.Locator("#record-restriction")).ToContainTextAsync("The patient erased their account");
    }
}
