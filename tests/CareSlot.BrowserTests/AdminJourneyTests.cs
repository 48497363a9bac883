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

    /// <summary>
    /// A doctor falls ill over two booked visits. An administrator goes from one of them to the doctor's absence, marks the
    /// days off, then moves one patient to the doctor's own next free slot and the other to a colleague at the same clinic;
    /// each patient gets an e-mail naming the doctor they will now see.
    /// </summary>
    [Fact]
    public async Task AdminHandlesADoctorsAbsence_MovingEachPatient_WhoAreToldByEmail()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var colleague = await app.CreateColleagueAsync(doctor);
        var (first, second) = (await app.CreatePatientAsync(), await app.CreatePatientAsync());
        var firstVisit = await app.BookAsync(first, doctor.Id, daysAhead: 2);
        var secondVisit = await app.BookAsync(second, doctor.Id, daysAhead: 2);

        await using var context = await app.NewContextAsync(1280, 800);
        var view = await context.NewPageAsync();
        await AppPages.SignInWithTwoFactorAsync(view, await app.CreateAdminLoginAsync());
        await view.GotoAsync($"/admin/appointments/{firstVisit}");
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Link, new() { Name = "Mark the doctor's absence", Exact = true }));
        await AppPages.MarkAbsenceAsync(view, await app.LocalDateAsync(firstVisit), await app.LocalDateAsync(secondVisit));
        await AppPages.ClickAndLoadAsync(view, view.Locator("form[action*='handler=Record'] button[type=submit]"));
        await Expect(view.GetByRole(AriaRole.Status)).ToContainTextAsync("The days are marked off");
        var affected = view.Locator("input[name='Bulk.AppointmentIds']");
        await Expect(affected).ToHaveCountAsync(2);

        async Task ResolveAsync(Guid visit, string action)
        {
            await view.Locator($"input[name='Bulk.AppointmentIds'][value='{visit}']").CheckAsync();
            await view.Locator($"input[name='Bulk.Action'][value='{action}']").CheckAsync();
            await view.Locator("#Bulk_Reason").FillAsync("Your doctor is ill this week; we are sorry.");
            await view.Locator("#Bulk_Confirm").CheckAsync();
            await AppPages.ClickAndLoadAsync(view, view.Locator("form[action*='handler=Resolve'] button[type=submit]"));
        }

        await ResolveAsync(firstVisit, "own-slot");
        await Expect(view.GetByRole(AriaRole.Table, new() { Name = "What happened to each appointment" })).ToContainTextAsync($"with {doctor.FullName}");
        await Expect(affected).ToHaveCountAsync(1);
        await ResolveAsync(secondVisit, "colleague");
        await Expect(view.GetByRole(AriaRole.Table, new() { Name = "What happened to each appointment" })).ToContainTextAsync($"with {colleague.FullName}");
        await Expect(affected).ToHaveCountAsync(0);

        await app.WaitForEmailAsync(first, $"Appointment moved: {doctor.FullName}, now ");
        await app.WaitForEmailAsync(second, $"Appointment moved: {colleague.FullName}, now ");
    }

    [GeneratedRegex("/account/sign-in")]
    private static partial Regex SignInPage();
}
