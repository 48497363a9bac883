using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MimeKit;
using static Microsoft.Playwright.Assertions;

namespace CareSlot.BrowserTests;

/// <summary>
/// Issue 16's journey: a German patient registers, verifies, searches, books, moves and cancels, all in German, and is
/// written to in German (the verification e-mail and SMS code, the confirmation e-mail and its calendar invitation);
/// an English patient of the same German-speaking doctor is written to in English, while the doctor's notices of
/// both bookings are German.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed partial class GermanJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task GermanPatient_BooksMovesAndCancelsInGerman_AndEveryoneIsWrittenToInTheirOwnLanguage()
    {
        BookableDoctor doctor;
        StaffLogin doctorLogin;
        var id = Guid.NewGuid().ToString("N");
        var subscriber = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var (name, email, password) = ($"Greta Grün {id[..6]}", $"greta.{id}@example.org", "richtiges Pferd Batterie Heftklammer");
        await using (await app.SpeakAsync("de"))
        {
            doctor = await app.CreateBookableDoctorAsync();
            doctorLogin = await app.CreateDoctorLoginAsync(doctor.Id);
            await using var context = await app.NewContextAsync(375, 812);
            var view = await context.NewPageAsync();

            // Register and verify, in German.
            await view.GotoAsync("/account/register");
            await view.GetByLabel("Vollständiger Name", new() { Exact = true }).FillAsync(name);
            await view.GetByLabel("Geburtsdatum", new() { Exact = true }).FillAsync("1988-06-14");
            await view.GetByLabel("E-Mail-Adresse", new() { Exact = true }).FillAsync(email);
            await view.GetByLabel("Mobilnummer", new() { Exact = true }).FillAsync($"+44 7400 {subscriber}");
            await view.GetByLabel("Passwort", new() { Exact = true }).FillAsync(password);
            await view.Locator("#Input_AcceptTerms").CheckAsync();
            await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Konto anlegen" }));

            await app.VerifyEmailAsync(view, email, "Bestätigen Sie Ihre E-Mail-Adresse für CareSlot", "E-Mail-Adresse bestätigt");

            var sms = await SentSms.ReadAsync(context, $"+447400{subscriber}");
            Assert.Contains("ist Ihr CareSlot-Bestätigungscode", sms, StringComparison.Ordinal);
            await view.GotoAsync($"/account/verify-phone?email={Uri.EscapeDataString(email)}");
            await view.GetByLabel("Code aus der SMS", new() { Exact = true }).FillAsync(SixDigitCode().Match(sms).Value);
            await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Bestätigen", Exact = true }));
            await Expect(view.GetByRole(AriaRole.Status)).ToContainTextAsync("Ihre Telefonnummer ist bestätigt");
            await AppPages.SignInAsync(view, email, password);

            // Search and book.
            await view.GotoAsync("/");
            await view.GetByLabel("Name, Praxis oder Stichwort", new() { Exact = true }).FillAsync(doctor.FamilyName);
            await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Suchen" }));
            await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Link, new() { Name = doctor.FullName, Exact = true }));
            await Expect(AppPages.NextWeekLink(view)).ToContainTextAsync("Nächste Woche");
            await AppPages.OpenWeekAfterNextAsync(view);
            await AppPages.ClickAndLoadAsync(view, view.Locator("button.slot").First);
            await Expect(view.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Termin bestätigen");
            await view.GetByLabel("Grund des Termins").FillAsync("Wiederkehrende Kopfschmerzen");
            await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Buchung bestätigen" }));
            await Expect(view.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ihr Termin ist gebucht");
            await Expect(view.Locator(".facts")).ToContainTextAsync(GermanDay());

            var confirmation = await app.WaitForEmailAsync(email, $"Termin bestätigt: {doctor.FullName}, ");
            Assert.Matches(@"\nWann: (Mo|Di|Mi|Do|Fr|Sa|So)\., \d{1,2}\. ", confirmation.TextBody!.ReplaceLineEndings("\n"));
            Assert.Contains($"Praxis: {doctor.ClinicName}", confirmation.TextBody, StringComparison.Ordinal);
            var invitation = Invitation(confirmation);
            Assert.Matches($@"\nSUMMARY:[^\n]+ bei {Regex.Escape(doctor.FullName)}\n", invitation);
            Assert.Contains("DESCRIPTION:Wann: ", invitation, StringComparison.Ordinal);
            await app.WaitForEmailAsync(doctorLogin.Email, $"Neuer Termin: {name}, ");

            // Move it, then cancel it.
            await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Link, new() { Name = "Auf eine andere Zeit verschieben" }));
            await AppPages.OpenWeekAfterNextAsync(view);
            await AppPages.ClickAndLoadAsync(view, view.Locator("button.slot").Nth(3));
            await Expect(view.GetByRole(AriaRole.Status)).ToHaveTextAsync("Der Termin wurde verschoben.");
            await app.WaitForEmailAsync(email, $"Termin verschoben: {doctor.FullName}, jetzt ");

            await view.GetByLabel("Grund für die Absage (optional)").FillAsync("Es geht mir besser");
            await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Termin absagen" }));
            await Expect(view.GetByRole(AriaRole.Status)).ToHaveTextAsync("Der Termin ist abgesagt.");
            await Expect(view.Locator(".facts .status")).ToHaveTextAsync("Abgesagt");
            await app.WaitForEmailAsync(email, $"Termin abgesagt: {doctor.FullName}, ");
        }

        // An English patient of the same doctor: their messages are English, the doctor's notice stays German.
        var englishPatient = await app.CreatePatientAsync();
        await app.BookAsync(englishPatient, doctor.Id, daysAhead: 10);
        var english = await app.WaitForEmailAsync(englishPatient, $"Appointment confirmed: {doctor.FullName}, ");
        Assert.Contains("When: ", english.TextBody, StringComparison.Ordinal);
        Assert.Matches($@"\nSUMMARY:[^\n]+ with {Regex.Escape(doctor.FullName)}\n", Invitation(english));
        var notice = await app.WaitForEmailAsync(doctorLogin.Email, "Neuer Termin: Jo Journey, ");
        Assert.Contains("hat einen Termin bei Ihnen gebucht", notice.TextBody, StringComparison.Ordinal);
    }

    /// <summary>The calendar invitation of an e-mail, its folded lines joined (RFC 5545 §3.1).</summary>
    private static string Invitation(MimeMessage email) =>
        email.BodyParts.OfType<TextPart>().Single(p => p.ContentType.IsMimeType("text", "calendar")).Text.ReplaceLineEndings("\n").Replace("\n ", "", StringComparison.Ordinal);

    [GeneratedRegex(@"(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), \d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) \d{4}")]
    private static partial Regex GermanDay();

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigitCode();
}
