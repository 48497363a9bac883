using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NodaTime;
using static Microsoft.Playwright.Assertions;

namespace CareSlot.BrowserTests;

/// <summary>A doctor finishes a visit by writing its note; the patient reads it in their health record.</summary>
[Collection(SharedBrowser.Name)]
public sealed partial class RecordsJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task DoctorCompletesAVisitWithANote_PatientReadsItInTheirHistory()
    {
        var care = await app.CreateCareAsync(withNote: false, Duration.FromMinutes(-15));

        await using (var doctorContext = await app.NewContextAsync(1280, 800))
        {
            var doctorView = await doctorContext.NewPageAsync();
            await AppPages.SignInWithTwoFactorAsync(doctorView, care.DoctorLogin);
            await doctorView.GotoAsync("/doctor/visits");
            await AppPages.ClickAndLoadAsync(doctorView, doctorView.Locator($"a[href='/appointments/{care.PastVisitId}/note']"));
            await doctorView.Locator("#Input_Summary").FillAsync("Sprained left ankle while hiking");
            await doctorView.Locator("#Input_Findings").FillAsync("Swelling, no instability");
            await doctorView.Locator("#Input_DiagnosisCode").FillAsync("S93.4");
            await doctorView.Locator("#Input_FollowUp").FillAsync("Rest, ice, compression, elevation");
            await Expect(doctorView.Locator("#CompleteVisit")).ToBeCheckedAsync();
            await AppPages.ClickAndLoadAsync(doctorView, AppPages.SubmitButton(doctorView));

            await Expect(doctorView).ToHaveURLAsync(EntryUrl());
            await Expect(doctorView.GetByRole(AriaRole.Status)).ToContainTextAsync("The note is saved and the visit is completed.");
            await Expect(doctorView.GetByRole(AriaRole.Main)).ToContainTextAsync("S93.4");
        }

        await using var patientContext = await app.NewContextAsync(375, 800);
        var patientView = await patientContext.NewPageAsync();
        await AppPages.SignInAsync(patientView, care.PatientEmail, BookingFixtures.Password);
        await patientView.GotoAsync("/records");
        var note = patientView.Locator(".record-title a", new() { HasText = "Sprained left ankle while hiking" });
        await AppPages.ClickAndLoadAsync(patientView, note);
        await Expect(patientView.GetByRole(AriaRole.Main)).ToContainTextAsync("Rest, ice, compression, elevation");
        await Expect(patientView.GetByRole(AriaRole.Main)).ToContainTextAsync("Dr. Jamie");
    }

    [GeneratedRegex("/records/[0-9a-f-]{36}$")]
    private static partial Regex EntryUrl();
}
