using System.Net;
using CareSlot.Web.Features.Admin.Compliance;
using CareSlot.Web.Platform.Security;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Tests.Features.Admin;

/// <summary>An installation that hands data to an SMTP relay, an SMS gateway and a hosting provider it names itself.</summary>
public sealed class SubProcessorsSqliteApp : SqliteApp
{
    protected override Dictionary<string, string?> ExtraSettings
    {
        get
        {
            var settings = base.ExtraSettings;
            settings["Email:Smtp:Host"] = "smtp.relay.example";
            settings["Email:Smtp:Security"] = "StartTls";
            settings["Sms:Gateway:BaseUrl"] = "https://sms.gateway.example/2010-04-01";
            settings["Sms:Gateway:AccountId"] = "AC1";
            settings["Sms:Gateway:AuthToken"] = "token";
            settings["Sms:Gateway:From"] = "+4930123456";
            settings["Compliance:Controller:Name"] = "Praxisgruppe Mitte GmbH";
            settings["Compliance:SubProcessors:0:Name"] = "Hetzner Online GmbH";
            settings["Compliance:SubProcessors:0:Service"] = "Server hosting";
            settings["Compliance:SubProcessors:0:Location"] = "Falkenstein, Germany";
            settings["Compliance:SubProcessors:0:Safeguards"] = "Art. 28 contract of 2026-03-01";
            return settings;
        }
    }
}

/// <summary>
/// The record of processing activities and the sub-processor list come from the installation's settings (issue 20 item 3):
/// what is configured shows, what is not says that nothing leaves the server, and only administrators with a second factor
/// read them.
/// </summary>
public sealed class ProcessingRegisterTests(SubProcessorsSqliteApp app) : IClassFixture<SubProcessorsSqliteApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Uri Url(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task SubProcessors_AreTheConfiguredTransportsAndTheOperatorsOwnEntries()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);

        var page = await (await admin.Browser.GetAsync(Url("/admin/compliance/sub-processors"), Ct)).ReadHtmlAsync();

        var rows = page.QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Contains(rows, r => r.Contains("smtp.relay.example", StringComparison.Ordinal) && r.Contains("StartTls", StringComparison.Ordinal)
            && r.Contains("never the reason for a visit", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("sms.gateway.example", StringComparison.Ordinal) && r.Contains("HTTPS", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("Hetzner Online GmbH", StringComparison.Ordinal) && r.Contains("Falkenstein, Germany", StringComparison.Ordinal)
            && r.Contains("Art. 28 contract of 2026-03-01", StringComparison.Ordinal));
        Assert.DoesNotContain("token", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Support mailbox: not read", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordOfProcessing_NamesTheControllerEveryActivityAndItsRecipients()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);

        var page = await (await admin.Browser.GetAsync(Url("/admin/compliance"), Ct)).ReadHtmlAsync();

        Assert.Contains("Praxisgruppe Mitte GmbH", page.QuerySelector("#controller-heading")!.ParentElement!.TextContent, StringComparison.Ordinal);
        var activities = page.QuerySelectorAll("article.processing-activity").ToList();
        Assert.Equal(ProcessingRegister.Activities.Select(a => a.Name), activities.Select(a => a.QuerySelector("h3")!.TextContent));
        var reminders = activities.Single(a => a.QuerySelector("h3")!.TextContent == "Confirmations and reminders").TextContent;
        Assert.Contains("smtp.relay.example", reminders, StringComparison.Ordinal);
        Assert.Contains("sms.gateway.example", reminders, StringComparison.Ordinal);
        var records = activities.Single(a => a.QuerySelector("h3")!.TextContent == "Medical history and visit notes").TextContent;
        Assert.Contains("None: nothing leaves this server.", records, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Caller.Patient)]
    [InlineData(Caller.DoctorWithSecondFactor)]
    [InlineData(Caller.Support)]
    [InlineData(Caller.Admin)]
    public async Task OnlyAdministratorsWithASecondFactor_ReadThem(Caller caller)
    {
        var someone = await app.SignInAsync(caller);

        foreach (var path in new[] { "/admin/compliance", "/admin/compliance/sub-processors" })
        {
            var response = await someone.Browser.GetAsync(Url(path), Ct);
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public void ExternalPostgres_IsASubProcessorWithItsSslMode_WhileOneOnThisMachineIsNot()
    {
        static ProcessingRecord Build(string connection) => new ProcessingRegister(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:Postgres"] = connection,
            }).Build(),
            Options.Create(new ComplianceOptions()),
            new PhiKeyRing([new PhiKey("k1", new byte[PhiKeyRing.KeySize])])).Build();

        var external = Build("Host=db1.hosting.example,db2.hosting.example:5433;Database=careslot;SSL Mode=VerifyFull");
        var database = Assert.Single(external.SubProcessors);
        Assert.Equal("db1.hosting.example, db2.hosting.example", database.Name);
        Assert.Equal("VerifyFull", database.Transport);

        Assert.Empty(Build("Host=localhost;Database=careslot").SubProcessors);
        Assert.Empty(Build("Host=/var/run/postgresql;Database=careslot").SubProcessors);
    }
}
