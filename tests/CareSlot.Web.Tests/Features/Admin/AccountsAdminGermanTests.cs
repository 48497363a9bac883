using System.Net;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using CareSlot.Web.Tests.Platform.Web;

namespace CareSlot.Web.Tests.Features.Admin;

/// <summary>The account administration pages in German when the administrator chose German.</summary>
public sealed class AccountsAdminGermanTests(GermanOfferedSqliteApp app) : IClassFixture<GermanOfferedSqliteApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AccountsAndAccountPages_InGerman_FiltersErrorsAndActionsInGerman()
    {
        var admin = (await app.SignInAsync(Caller.AdminWithSecondFactor)).Browser;
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostPageAsync("/language", new Dictionary<string, string> { ["Culture"] = "de", ["ReturnUrl"] = "/" })).StatusCode);
        var target = await app.CreateAccountAsync("Greta Gesperrt");

        var response = await admin.GetAsync(new Uri("/admin/accounts?status=asleep", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.Equal("Konten", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("Wählen Sie einen der Status aus der Liste.", page.QuerySelector("#status-error")!.TextContent);
        Assert.Equal(["Jeder Status", "Aktiv", "Unbestätigt", "Gesperrt", "Vorübergehend gesperrt"], page.QuerySelectorAll("#status option").Select(o => o.TextContent));

        var refused = await admin.SubmitFormAsync($"/admin/accounts/{target.Id}", new Dictionary<string, string> { ["Suspension.Reason"] = "" },
            $"/admin/accounts/{target.Id}?handler=Suspend");
        var account = await refused.ReadHtmlAsync();
        Assert.Equal("Geben Sie den Grund an: Andere Administratoren werden ihn lesen.", account.QuerySelector("#Suspension_Reason-error")!.TextContent);
        Assert.Equal("Setzen Sie zur Bestätigung das Häkchen.", account.QuerySelector("#Suspension_Confirm-error")!.TextContent);
        Assert.Equal("Konto sperren", account.QuerySelector("#Suspension-heading")!.TextContent);
    }
}
