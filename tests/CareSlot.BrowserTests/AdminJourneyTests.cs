using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CareSlot.BrowserTests;

/// <summary>Administrators at work in the admin area, each journey with the people their actions reach.</summary>
[Collection(SharedBrowser.Name)]
public sealed partial class AdminJourneyTests(BrowserApp app)
{
    /// <summary>
    /// A patient is signed in on their phone; an administrator finds them, suspends the account with a reason, and the
    /// patient's very next page asks them to sign in, which the suspension then refuses. No clock moves in between.
    /// </summary>
    [Fact]
    public async Task AdminSuspendsAPatient_WhoseOpenSessionStopsAtOnce()
    {
        var patientEmail = await app.CreatePatientAsync();
        await using var patientContext = await app.NewContextAsync(375, 800);
        var patientView = await patientContext.NewPageAsync();
        await AppPages.SignInAsync(patientView, patientEmail, BookingFixtures.Password);
        Assert.Equal(200, (await patientView.GotoAsync("/appointments"))?.Status);

        await using (var adminContext = await app.NewContextAsync(1280, 800))
        {
            var adminView = await adminContext.NewPageAsync();
            await AppPages.SignInWithTwoFactorAsync(adminView, await app.CreateAdminLoginAsync());
            await adminView.GotoAsync("/admin");
            await AppPages.ClickAndLoadAsync(adminView, adminView.GetByRole(AriaRole.Link, new() { Name = "Accounts", Exact = true }));
            await adminView.Locator("#email").FillAsync(patientEmail);
            await AppPages.ClickAndLoadAsync(adminView, AppPages.SubmitButton(adminView));
            await AppPages.ClickAndLoadAsync(adminView, adminView.Locator("table a[href^='/admin/accounts/']").First);
            await Expect(adminView.GetByRole(AriaRole.Main)).ToContainTextAsync(patientEmail);

            await adminView.Locator("#Suspension_Reason").FillAsync("Reported as a stolen account by the patient's clinic");
            await adminView.Locator("#Suspension_Confirm").CheckAsync();
            await AppPages.ClickAndLoadAsync(adminView, adminView.Locator("form[action*='handler=Suspend'] button[type=submit]"));

            await Expect(adminView.GetByRole(AriaRole.Status)).ToContainTextAsync("The account is suspended");
        }

        await patientView.GotoAsync("/appointments");
        await Expect(patientView).ToHaveURLAsync(SignInPage());

        await AppPages.SignInAsync(patientView, patientEmail, BookingFixtures.Password);
        await Expect(patientView).ToHaveURLAsync(SignInPage());
        await Expect(patientView.GetByRole(AriaRole.Main)).ToContainTextAsync("This account is suspended.");
    }

    /// <summary>
    /// An administrator opens the dashboard from the admin front page (its first card): every chart is an image with a title,
    /// and each opens to the table of its numbers.
    /// </summary>
    [Fact]
    public async Task AdminViewsTheDashboard_ChartsWithTheirTables()
    {
        await using var context = await app.NewContextAsync(1280, 900);
        var view = await context.NewPageAsync();
        await AppPages.SignInWithTwoFactorAsync(view, await app.CreateAdminLoginAsync());
        await view.GotoAsync("/admin");
        await AppPages.ClickAndLoadAsync(view, view.Locator(".card-list .card").First.GetByRole(AriaRole.Link, new() { Name = "Dashboard", Exact = true }));

        await Expect(view).ToHaveURLAsync(new Regex("/admin/dashboard$"));
        await Expect(view.Locator("svg[role=img]")).ToHaveCountAsync(5);
        await Expect(view.GetByRole(AriaRole.Img, new() { Name = "Appointments per day" })).ToBeVisibleAsync();
        await view.GetByText("Appointments per day as a table").ClickAsync();
        await Expect(view.Locator("#activity-table tbody tr")).ToHaveCountAsync(30);
        await Expect(view.Locator("#health-table")).ToContainTextAsync("Reachable");
        await Expect(view.GetByRole(AriaRole.Link, new() { Name = "Refresh" })).ToHaveAttributeAsync("href", "/admin/dashboard");
    }

    [GeneratedRegex("/account/sign-in")]
    private static partial Regex SignInPage();
}
