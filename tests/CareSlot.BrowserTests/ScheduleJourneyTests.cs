using NodaTime;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CareSlot.BrowserTests;

/// <summary>
/// A doctor narrows a day's working hours, is shown the booked appointment the change would strand,
/// moves it, saves the hours, and records another visit as completed.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class ScheduleJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task Doctor_ChangesHours_MovesTheConflictingVisit_AndMarksAnotherCompleted()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var login = await app.CreateDoctorLoginAsync(doctor.Id);
        var patient = await app.CreatePatientAsync();
        var stranded = await app.BookAsync(patient, doctor.Id, daysAhead: 8);
        var started = await app.SeedAppointmentAsync(patient, doctor.Id, -Duration.FromMinutes(30));
        var (day, startsBeforeNoon) = await app.WeekdayAndHalfOfDayAsync(stranded);
        // New hours for that weekday that leave the booked visit outside, and a time the visit can move to.
        var (from, to, moveTo) = startsBeforeNoon ? ("13:00", "18:00", "13:00") : ("08:00", "12:00", "08:00");

        await using var context = await app.NewContextAsync(1280, 900);
        var view = await context.NewPageAsync();
        await AppPages.SignInWithTwoFactorAsync(view, login);
        await view.GotoAsync("/account/schedule");
        await view.Locator($"#clinic-{doctor.ClinicId}-{day}-working-1-start").FillAsync(from);
        await view.Locator($"#clinic-{doctor.ClinicId}-{day}-working-1-end").FillAsync(to);
        var refused = await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Save hours at", Exact = false }));

        Assert.Equal(409, refused?.Status);
        await Expect(view.GetByRole(AriaRole.Main)).ToContainTextAsync("These appointments are outside the new hours");
        var conflict = view.Locator($"a[href='/appointments/{stranded}']");
        await Expect(conflict).ToHaveCountAsync(1);

        await AppPages.ClickAndLoadAsync(view, conflict);
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Link, new() { Name = "Move to another time" }));
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Link, new() { Name = "Next week" }));
        await view.GetByLabel("Reason for moving (the patient will see it)").FillAsync("Clinic hours change on that day");
        await AppPages.ClickAndLoadAsync(view, view.Locator($"button.slot[aria-label*='at {moveTo}']").First);
        await Expect(view.GetByRole(AriaRole.Status)).ToHaveTextAsync("The appointment has been moved.");

        await view.GotoAsync("/account/schedule");
        await view.Locator($"#clinic-{doctor.ClinicId}-{day}-working-1-start").FillAsync(from);
        await view.Locator($"#clinic-{doctor.ClinicId}-{day}-working-1-end").FillAsync(to);
        var saved = await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Save hours at", Exact = false }));
        Assert.Equal(200, saved?.Status);
        await Expect(view.Locator($"#clinic-{doctor.ClinicId}-{day}-working-1-start")).ToHaveValueAsync(from);

        await view.GotoAsync($"/appointments/{started}");
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Mark completed" }));
        await Expect(view.Locator(".facts .status")).ToHaveTextAsync("Completed");
    }
}
