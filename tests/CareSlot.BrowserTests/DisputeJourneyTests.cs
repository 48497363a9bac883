using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CareSlot.BrowserTests;

/// <summary>
/// A patient disputes a visit from its page, an administrator takes the dispute on from the queue and decides it, and the
/// patient reads every step. The dispute pages' axe and width checks are <see cref="AccessibilityTests"/>, through
/// <see cref="AppPages"/>.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class DisputeJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task PatientOpensADispute_AdminResolvesIt_ThePatientSeesEveryStep()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patientEmail = await app.CreatePatientAsync();
        var appointmentId = await app.BookAsync(patientEmail, doctor.Id, daysAhead: 2);
        await using var patientContext = await app.NewContextAsync(375, 800);
        var patient = await patientContext.NewPageAsync();
        await AppPages.SignInAsync(patient, patientEmail, BookingFixtures.Password);

        await patient.GotoAsync($"/appointments/{appointmentId}");
        await AppPages.ClickAndLoadAsync(patient, patient.GetByRole(AriaRole.Link, new() { Name = "Open a dispute" }));
        await patient.GetByLabel("What is it about?").SelectOptionAsync(new SelectOptionValue { Label = "Conduct" });
        await patient.GetByLabel("Your statement").FillAsync("Nobody told me the doctor was running an hour late.");
        await AppPages.ClickAndLoadAsync(patient, AppPages.SubmitButton(patient));
        await Expect(patient.GetByRole(AriaRole.Status)).ToContainTextAsync("Your dispute is open.");
        var dispute = new Uri(patient.Url).AbsolutePath;

        await using (var adminContext = await app.NewContextAsync(1280, 800))
        {
            var admin = await adminContext.NewPageAsync();
            await AppPages.SignInWithTwoFactorAsync(admin, await app.CreateAdminLoginAsync());
            await admin.GotoAsync("/admin");
            await AppPages.ClickAndLoadAsync(admin, admin.GetByRole(AriaRole.Link, new() { Name = "Disputes", Exact = true }));
            await AppPages.ClickAndLoadAsync(admin, admin.Locator($"table a[href='/admin{dispute}']"));
            await Expect(admin.Locator("#dispute-history")).ToContainTextAsync("running an hour late");

            await AppPages.ClickAndLoadAsync(admin, admin.Locator("form[action*='handler=Assign'] button[type=submit]"));
            await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("The dispute is assigned.");
            await admin.GetByLabel("Outcome").SelectOptionAsync(new SelectOptionValue { Label = "Partly upheld" });
            await admin.GetByLabel("Explanation").FillAsync("The clinic should have told you; the doctor was with an emergency.");
            await AppPages.ClickAndLoadAsync(admin, admin.Locator("form[action*='handler=Resolve'] button[type=submit]"));
            await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("The dispute is resolved.");
        }

        await patient.GotoAsync(dispute);
        await Expect(patient.Locator(".facts")).ToContainTextAsync("Resolved");
        await Expect(patient.Locator("#dispute-history > li")).ToHaveCountAsync(3);
        await Expect(patient.Locator("#dispute-history")).ToContainTextAsync("Assigned the dispute");
        await Expect(patient.Locator("#dispute-history")).ToContainTextAsync("the doctor was with an emergency");
        await Expect(patient.GetByLabel("Your statement")).ToHaveCountAsync(0);
    }
}
