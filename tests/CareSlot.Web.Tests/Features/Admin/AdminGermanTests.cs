using System.Net;
using System.Net.Http.Json;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using CareSlot.Web.Tests.Platform.Web;

namespace CareSlot.Web.Tests.Features.Admin;

/// <summary>The administrators' pages in German when German is asked for (issue 16).</summary>
public sealed class AdminGermanTests(GermanOfferedSqliteApp app) : IClassFixture<GermanOfferedSqliteApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> GermanAdminAsync()
    {
        // A signed-in person's own preference comes first: they choose German as the switcher lets them.
        var admin = (await app.SignInAsync(Caller.AdminWithSecondFactor)).Browser;
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostPageAsync("/language", new Dictionary<string, string> { ["Culture"] = "de", ["ReturnUrl"] = "/" })).StatusCode);
        return admin;
    }

    [Fact]
    public async Task PendingDoctors_InGerman_TableSpecialtiesAndApprovalNoticeInGerman()
    {
        var person = AccountsTestKit.ValidRegistration();
        (await app.CreateClient().PostAsJsonAsync("/api/v1/auth/register-doctor", new RegisterDoctorRequest(person.FullName, person.DateOfBirth,
            person.Email, person.Phone, person.Password, true, "LIC-DE-1", ["neurology", "cardiology"], 1), Ct)).EnsureSuccessStatusCode();
        var admin = await GermanAdminAsync();

        var page = await (await admin.GetAsync(new Uri("/admin/doctors/pending", UriKind.Relative), Ct)).ReadHtmlAsync();

        Assert.Equal("Ärzte, die auf Freigabe warten", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(["Arzt", "Zulassung", "Fachgebiete", "Praxis", "Konto", "Bisherige Prüfung", "Aktion"],
            page.QuerySelectorAll("thead th").Select(th => th.TextContent));
        var row = page.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(person.Email!, StringComparison.Ordinal));
        Assert.Equal("Kardiologie, Neurologie", row.QuerySelectorAll("td")[1].TextContent);
        Assert.Equal("Noch nicht bestätigt", row.QuerySelectorAll("td")[3].TextContent);

        Assert.Equal("Neu", row.QuerySelector(".status")!.TextContent);
        var reviewPage = row.QuerySelector("a[href^='/admin/doctors/pending/']")!.GetAttribute("href")!;

        var refused = await admin.SubmitFormAsync(reviewPage, new Dictionary<string, string>(), formSelector: "form[action*='handler=Reject']");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var refusedPage = await refused.ReadHtmlAsync();
        Assert.Equal("Nennen Sie den Grund: Die Ärztin oder der Arzt wird ihn lesen.", refusedPage.QuerySelector("#Rejection_Reason-error")!.TextContent);
        Assert.Equal("Setzen Sie zur Bestätigung das Häkchen.", refusedPage.QuerySelector("#Rejection_Confirm-error")!.TextContent);

        var approved = await admin.SubmitFormAsync(reviewPage, new Dictionary<string, string> { ["Approval.Confirm"] = "true" },
            formSelector: "form[action*='handler=Approve']");

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var after = await (await admin.GetAsync(new Uri("/admin/doctors/pending", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Equal("Freigegeben: Die Ärztin oder der Arzt ist jetzt im Verzeichnis aufgeführt und wurde per E-Mail benachrichtigt.",
            after.QuerySelector(".notice")!.TextContent);
    }

    [Fact]
    public async Task Problems_InGerman_HeadingsAndSearchErrorInGerman()
    {
        var admin = await GermanAdminAsync();

        var response = await admin.GetAsync(new Uri("/admin/problems?id=" + new string('a', 200), UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.Equal("Technische Probleme", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("Eine Korrelations-ID hat höchstens 128 Zeichen.", page.QuerySelector("#id-error")!.TextContent);
        Assert.Equal(["Einen Fehler über seine Korrelations-ID finden", "Unbehandelte Fehler nach Art", "Fehlgeschlagene Hintergrundarbeit",
            "Nicht zugestellte Nachrichten"], page.QuerySelectorAll("h2").Select(h => h.TextContent));
    }

    [Fact]
    public async Task Deliveries_InGerman_StatesAndTheirErrorInGerman()
    {
        var admin = await GermanAdminAsync();

        var response = await admin.GetAsync(new Uri("/admin/deliveries?state=lost", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.Equal("Versandprotokoll", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("Wählen Sie einen Status aus der Liste.", page.QuerySelector("#state-error")!.TextContent);
        Assert.Equal(["Alle Nachrichten", "Ausstehend", "Gesendet", "Fehlgeschlagen", "Zurückgezogen", "Übersprungen"],
            page.QuerySelectorAll("#state option").Select(o => o.TextContent));
        Assert.Equal("Filtern", page.QuerySelector("form.inline-form button")!.TextContent);
    }

    [Fact]
    public async Task Audit_InGerman_FormErrorsAndVerifyButtonInGerman()
    {
        var admin = await GermanAdminAsync();

        var response = await admin.GetAsync(new Uri("/admin/audit?outcome=vielleicht&from=2026-11-24&to=2026-11-23", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.Equal("Audit-Protokoll", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("Wählen Sie ein Ergebnis aus der Liste: allowed, refused oder failed.", page.QuerySelector("#outcome-error")!.TextContent);
        Assert.Equal("Das Ende des Zeitraums darf nicht vor seinem Beginn liegen.", page.QuerySelector("#to-error")!.TextContent);
        Assert.Equal(["Alle Ergebnisse", "Erlaubt", "Abgelehnt", "Fehlgeschlagen"], page.QuerySelectorAll("#outcome option").Select(o => o.TextContent));
        Assert.Equal("Kette prüfen", page.QuerySelector("form[method=post] button")!.TextContent);
    }

    [Fact]
    public async Task NewClinic_InGerman_FieldErrorsAndRulesInGerman()
    {
        var admin = await GermanAdminAsync();

        var response = await admin.SubmitFormAsync("/admin/clinics/new", new Dictionary<string, string> { ["Input.Name"] = "", ["Input.Latitude"] = "91" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.Equal("Praxis hinzufügen", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("Geben Sie den Namen der Praxis ein (höchstens 200 Zeichen).", page.QuerySelector("#Input_Name-error")!.TextContent);
        Assert.Equal("Geben Sie einen Breitengrad von -90 bis 90 ein (Dezimalgrad, zum Beispiel 52.52).", page.QuerySelector("#Input_Latitude-error")!.TextContent);
        Assert.Equal("Buchungsregeln für Patienten", page.QuerySelectorAll("legend")[1].TextContent);
    }

    [Fact]
    public async Task ScheduleOversight_InGerman_HeadingsAndFilterErrorInGerman()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var admin = await GermanAdminAsync();

        var response = await admin.GetAsync(new Uri("/admin/appointments?status=asleep", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var list = await response.ReadHtmlAsync();
        Assert.Equal("Alle Termine", list.QuerySelector("h1")!.TextContent);
        Assert.StartsWith("Wählen Sie einen Status aus der Liste", list.QuerySelector("#status-error")!.TextContent, StringComparison.Ordinal);
        var absence = await (await admin.GetAsync(new Uri($"/admin/doctors/{doctor.DoctorId}/absence", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.StartsWith("Abwesenheit von ", absence.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Freie Tage eintragen", absence.QuerySelector("#days-heading")!.TextContent);
    }
}
