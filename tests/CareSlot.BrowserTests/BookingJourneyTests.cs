using NodaTime;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CareSlot.BrowserTests;

/// <summary>A patient finds a doctor, books, moves and cancels the visit, and is told why a late cancellation is refused.</summary>
[Collection(SharedBrowser.Name)]
public sealed partial class BookingJourneyTests(BrowserApp app)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Patient_SearchesBooksReschedulesAndCancels(bool javaScript)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var email = await app.CreatePatientAsync();
        await using var context = await app.NewContextAsync(375, 812, javaScript);
        var view = await context.NewPageAsync();
        await AppPages.SignInAsync(view, email, BookingFixtures.Password);

        await view.GotoAsync("/");
        await view.GetByLabel("Name, clinic or keyword", new() { Exact = true }).FillAsync(doctor.FamilyName);
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Search" }));
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Link, new() { Name = doctor.FullName, Exact = true }));
        await Expect(view.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(doctor.FullName);
        await Expect(view.Locator(".booking .notice")).ToContainTextAsync("Europe/Berlin");

        await Expect(AppPages.NextWeekLink(view)).ToContainTextAsync("Next week");
        await AppPages.OpenWeekAfterNextAsync(view);
        var slot = view.Locator("button.slot").First;
        var chosenLabel = await slot.GetAttributeAsync("aria-label");
        await AppPages.ClickAndLoadAsync(view, slot);

        await Expect(view.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Confirm your appointment");
        await Expect(view.GetByRole(AriaRole.Status)).ToContainTextAsync("minutes left");
        await view.GetByLabel("Reason for the visit").FillAsync("Recurring headaches");
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Confirm booking" }));

        await Expect(view.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your appointment is booked");
        await Expect(view.Locator(".facts")).ToContainTextAsync(ClockOf(chosenLabel!));
        await Expect(view.Locator(".facts")).ToContainTextAsync("Recurring headaches");

        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Link, new() { Name = "Move to another time" }));
        await AppPages.OpenWeekAfterNextAsync(view);
        var newSlot = view.Locator("button.slot").Nth(3);
        var newLabel = await newSlot.GetAttributeAsync("aria-label");
        await AppPages.ClickAndLoadAsync(view, newSlot);
        await Expect(view.GetByRole(AriaRole.Status)).ToHaveTextAsync("The appointment has been moved.");
        await Expect(view.Locator(".facts")).ToContainTextAsync(ClockOf(newLabel!));
        await Expect(view.GetByRole(AriaRole.Table)).ToContainTextAsync("Moved from");

        await view.GetByLabel("Reason for cancelling (optional)").FillAsync("Feeling better");
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Cancel appointment" }));
        await Expect(view.GetByRole(AriaRole.Status)).ToHaveTextAsync("The appointment is cancelled.");
        await Expect(view.Locator(".facts .status")).ToHaveTextAsync("Cancelled");
    }

    [Fact]
    public async Task LateCancellation_IsExplainedWithTheClinicsPhone()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var email = await app.CreatePatientAsync();
        var appointmentId = await app.SeedAppointmentAsync(email, doctor.Id, Duration.FromHours(3));
        await using var context = await app.NewContextAsync(1280, 800);
        var view = await context.NewPageAsync();
        await AppPages.SignInAsync(view, email, BookingFixtures.Password);

        await view.GotoAsync($"/appointments/{appointmentId}");

        await Expect(view.Locator(".notice")).ToContainTextAsync("too late to change this appointment online");
        await Expect(view.Locator(".notice")).ToContainTextAsync(doctor.ClinicPhone);
        await Expect(view.GetByRole(AriaRole.Button, new() { Name = "Cancel appointment" })).ToHaveCountAsync(0);
    }

    /// <summary>"Monday 30 November 2026 at 09:00 CET" → "09:00".</summary>
    private static string ClockOf(string slotLabel) => ClockPattern().Match(slotLabel).Value;

    [GeneratedRegex(@"\d\d:\d\d")]
    private static partial Regex ClockPattern();
}
