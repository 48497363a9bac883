using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CareSlot.BrowserTests;

/// <summary>
/// A patient rates a completed visit with words that try to run script, an administrator approves the review, and the
/// doctor's profile shows it with the average and count; no page that shows the words runs them. The review pages' axe and
/// width checks are <see cref="AccessibilityTests"/>, through <see cref="AppPages"/>.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class ReviewJourneyTests(BrowserApp app)
{
    private const string Hostile = "Kind and thorough. <script>window.__xss=1</script> <img src=x onerror=window.__xss=1>";

    [Fact]
    public async Task PatientRatesAVisit_AdminApproves_TheProfileShowsIt_AndNoPageRunsTheWords()
    {
        var visit = await app.CreateCompletedVisitAsync();
        await using var patientContext = await app.NewContextAsync(375, 800);
        var patient = await patientContext.NewPageAsync();
        await AppPages.SignInAsync(patient, visit.PatientEmail, BookingFixtures.Password);

        await patient.GotoAsync($"/appointments/{visit.AppointmentId}");
        await AppPages.ClickAndLoadAsync(patient, patient.GetByRole(AriaRole.Link, new() { Name = "Rate this visit" }));
        await patient.GetByLabel("4 of 5 stars").CheckAsync();
        await patient.GetByLabel("Your review (optional)").FillAsync(Hostile);
        await AppPages.ClickAndLoadAsync(patient, AppPages.SubmitButton(patient));
        await Expect(patient.GetByRole(AriaRole.Status)).ToContainTextAsync("Your review is with a moderator");
        await Expect(patient.Locator(".review-text").First).ToHaveTextAsync(Hostile);
        await ExpectNoScriptRanAsync(patient);
        // The review's id, from its withdraw form.
        var reviewId = await patient.Locator("input[name=reviewId]").First.GetAttributeAsync("value");

        await using (var adminContext = await app.NewContextAsync(1280, 800))
        {
            var admin = await adminContext.NewPageAsync();
            await AppPages.SignInWithTwoFactorAsync(admin, await app.CreateAdminLoginAsync());
            await admin.GotoAsync("/admin");
            await AppPages.ClickAndLoadAsync(admin, admin.Locator("main a[href='/admin/reviews']"));
            await ExpectNoScriptRanAsync(admin);
            await AppPages.ClickAndLoadAsync(admin, admin.Locator($"table a[href='/admin/reviews/{reviewId}']"));
            await Expect(admin.Locator(".review-text").First).ToHaveTextAsync(Hostile);
            await ExpectNoScriptRanAsync(admin);
            await AppPages.ClickAndLoadAsync(admin, admin.Locator("form[action*='handler=Approve'] button[type=submit]"));
            await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("The review is approved");
            await ExpectNoScriptRanAsync(admin);
        }

        await using var visitorContext = await app.NewContextAsync(768, 900);
        var visitor = await visitorContext.NewPageAsync();
        await visitor.GotoAsync($"/doctors/{visit.Doctor.Id}");
        await Expect(visitor.Locator("#reviews-summary")).ToHaveTextAsync("Average rating 4.0 of 5 from 1 reviews");
        var shown = visitor.Locator("section[aria-labelledby='reviews-title'] li.card");
        await Expect(shown).ToHaveCountAsync(1);
        await Expect(shown.Locator(".review-text")).ToHaveTextAsync(Hostile);
        await Expect(shown).ToContainTextAsync("4 of 5 stars");
        await Expect(shown).ToContainTextAsync("Jo J.");
        await Expect(shown).Not.ToContainTextAsync("Journey");
        await ExpectNoScriptRanAsync(visitor);

        await patient.ReloadAsync();
        await Expect(patient.Locator(".status").First).ToHaveTextAsync("Published");
        await ExpectNoScriptRanAsync(patient);
    }

    private static async Task ExpectNoScriptRanAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.__xss === 'undefined'"), $"The review's words ran as script on {page.Url}");
}
