using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CareSlot.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed partial class JourneyTests(BrowserApp app)
{
    [Fact]
    public async Task SearchAndOpenProfile_WithoutJavaScript_ShowsCardiologistInBerlin()
    {
        await using var context = await app.NewContextAsync(1280, 800, javaScriptEnabled: false);
        var view = await context.NewPageAsync();
        await view.GotoAsync("/");

        await view.GetByLabel("Specialty", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Cardiology" });
        await view.GetByLabel("City or postcode", new() { Exact = true }).FillAsync("Berlin");
        await view.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        await Expect(view).ToHaveURLAsync(CardiologyInBerlinUrl());
        await Expect(view.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Cardiology in Berlin");
        await Expect(view.GetByRole(AriaRole.Status)).ToContainTextAsync(FoundSomeDoctors());

        var firstDoctor = AppPages.FirstDoctorLink(view);
        var name = await firstDoctor.InnerTextAsync();
        await firstDoctor.ClickAsync();

        await Expect(view).ToHaveURLAsync(ProfileUrl());
        await Expect(view.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
        await Expect(view.GetByRole(AriaRole.Main)).ToContainTextAsync("Cardiology");
    }

    [Fact]
    public async Task FirstTab_OnHome_FocusesSkipLinkThatMovesFocusToMain()
    {
        await using var context = await app.NewContextAsync(1280, 800);
        var view = await context.NewPageAsync();
        await view.GotoAsync("/");

        await view.Keyboard.PressAsync("Tab");

        var skipLink = view.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" });
        await Expect(skipLink).ToBeFocusedAsync();
        await Expect(skipLink).ToBeInViewportAsync();

        await view.Keyboard.PressAsync("Enter");
        await Expect(view.GetByRole(AriaRole.Main)).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Directory_WithPageZero_Returns400WithMessage()
    {
        await using var context = await app.NewContextAsync(1280, 800);
        var view = await context.NewPageAsync();

        var response = await view.GotoAsync("/doctors?page=0");

        Assert.Equal(400, response?.Status);
        await Expect(view.GetByText("'page' must be a whole number")).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"/doctors\?specialty=cardiology&city=Berlin(&|$)")]
    private static partial Regex CardiologyInBerlinUrl();

    [GeneratedRegex(@"\b[1-9]\d* doctors? found")]
    private static partial Regex FoundSomeDoctors();

    [GeneratedRegex(@"/doctors/\d+$")]
    private static partial Regex ProfileUrl();
}
