using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CareSlot.BrowserTests;

/// <summary>
/// An administrator builds a survey and sends it to all patients; a patient opens the link from the e-mail without signing
/// in and answers with script in the free text; the administrator's results show the words as text, and no script runs.
/// The pages' axe and width checks are <see cref="AccessibilityTests"/>, through <see cref="AppPages"/>.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed partial class SurveyJourneyTests(BrowserApp app)
{
    private const string Payload = "<script>window.__xss=1</script><img src=x onerror=window.__xss=1>";

    [Fact]
    public async Task AdminBuildsAndSends_PatientAnswersFromTheEmail_ResultsShowTheirScriptAsText()
    {
        var title = $"Your visit {Guid.NewGuid():N}"[..20];
        int surveyId;
        await using (var adminContext = await app.NewContextAsync(1280, 900))
        {
            var admin = await adminContext.NewPageAsync();
            await AppPages.SignInWithTwoFactorAsync(admin, await app.CreateAdminLoginAsync());
            await admin.GotoAsync("/admin");
            await AppPages.ClickAndLoadAsync(admin, admin.GetByRole(AriaRole.Link, new() { Name = "Surveys", Exact = true }));
            await AppPages.ClickAndLoadAsync(admin, admin.GetByRole(AriaRole.Link, new() { Name = "Build a survey" }));
            await admin.Locator("#Input_Title").FillAsync(title);
            await admin.Locator("[id='Input_Questions[0]_Prompt']").FillAsync("How satisfied were you?");
            await admin.Locator("[id='Input_Questions[0]_Kind']").SelectOptionAsync("rating");
            await admin.Locator("[id='Input_Questions[0]_Required']").CheckAsync();
            await admin.Locator("[id='Input_Questions[1]_Prompt']").FillAsync("Anything else?");
            await admin.Locator("[id='Input_Questions[1]_Kind']").SelectOptionAsync("free-text");
            await AppPages.ClickAndLoadAsync(admin, AppPages.SubmitButton(admin));
            await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("saved as a draft");
            surveyId = int.Parse(new Uri(admin.Url).AbsolutePath.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
            await AppPages.ClickAndLoadAsync(admin, admin.GetByRole(AriaRole.Button, new() { Name = "Open the survey" }));
            await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("The survey is open");
            await AppPages.ClickAndLoadAsync(admin, admin.GetByRole(AriaRole.Button, new() { Name = "Send to all active patients" }));
            await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("new invitations are on their way");
        }

        var invitation = await app.WaitForEmailAsync(AppPages.DemoPatientEmail, $"A few questions from CareSlot: {title}");
        var link = SurveyLink().Match(invitation.TextBody ?? "");
        Assert.True(link.Success, invitation.TextBody);

        await using (var patientContext = await app.NewContextAsync(375, 800, javaScriptEnabled: false))
        {
            // Not signed in, and without JavaScript: the link alone opens the survey.
            var patient = await patientContext.NewPageAsync();
            await patient.GotoAsync(link.Value);
            await Expect(patient.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
            await AppPages.ClickAndLoadAsync(patient, AppPages.SubmitButton(patient));
            await Expect(patient.Locator(".field-error")).ToContainTextAsync("Please choose an answer.");
            await patient.GetByRole(AriaRole.Radio, new() { Name = "5", Exact = true }).CheckAsync();
            await patient.GetByLabel("Anything else?").FillAsync("Lovely staff. " + Payload);
            await AppPages.ClickAndLoadAsync(patient, AppPages.SubmitButton(patient));
            await Expect(patient.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Thank you for your answers");
            await patient.GotoAsync(link.Value);
            await Expect(patient.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You have already answered this survey.");
        }

        await using (var adminContext = await app.NewContextAsync(1280, 900))
        {
            var admin = await adminContext.NewPageAsync();
            await AppPages.SignInWithTwoFactorAsync(admin, await app.CreateAdminLoginAsync());
            await admin.GotoAsync($"/admin/surveys/{surveyId}/results");
            await Expect(admin.Locator(".survey-texts")).ToContainTextAsync("Lovely staff. " + Payload);
            await Expect(admin.Locator("svg[role=img]").First).ToBeVisibleAsync();
            Assert.True(await admin.EvaluateAsync<bool>("() => window.__xss === undefined"), "A script from a survey answer ran on the results page.");
        }
    }

    [GeneratedRegex(@"https?://\S+/surveys/[A-Za-z0-9_-]{43}")]
    private static partial Regex SurveyLink();
}
