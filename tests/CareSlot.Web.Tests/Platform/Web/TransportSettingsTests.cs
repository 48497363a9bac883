using CareSlot.Web.Features.HelpDesk;
using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Platform.Web;
using CareSlot.Web.Tests.Features.Notifications.Delivery;
using CareSlot.Web.Tests.Infrastructure;
using MailKit.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Tests.Platform.Web;

/// <summary>
/// Settings that would weaken transport security are refused on start, or warned about: TLS below 1.2 on Kestrel, an
/// HTTPS port behind an untrusted proxy, plain-text SMTP and IMAP outside Development, PostgreSQL without SSL.
/// </summary>
public sealed class TransportSettingsTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Theory]
    [InlineData("Kestrel:EndpointDefaults:SslProtocols:0", "Tls11")]
    [InlineData("Kestrel:EndpointDefaults:SslProtocols", "Tls12, Tls")]
    [InlineData("Kestrel:Endpoints:Public:SslProtocols:1", "Ssl3")]
    [InlineData("Kestrel:Endpoints:Public:Sni:book.example:SslProtocols:0", "None")]
    public void WeakProtocolSettings_NameEveryProtocolBelowTls12(string key, string value)
    {
        var weak = HttpsEndpoints.WeakProtocolSettings(Settings((key, value), ("Kestrel:Endpoints:Public:Url", "https://*:443"))).ToList();

        Assert.NotEmpty(weak);
        Assert.All(weak, w => Assert.StartsWith("Kestrel:", w.Key, StringComparison.Ordinal));
    }

    [Fact]
    public void WeakProtocolSettings_Tls12And13_AreAccepted() =>
        Assert.Empty(HttpsEndpoints.WeakProtocolSettings(Settings(
            ("Kestrel:EndpointDefaults:SslProtocols:0", "Tls12"), ("Kestrel:EndpointDefaults:SslProtocols:1", "Tls13"),
            ("Kestrel:Endpoints:Public:Url", "https://*:443"), ("Kestrel:Endpoints:Public:SslProtocols", "Tls13"))));

    [Theory]
    [InlineData("urls", "http://*:8080;https://*:8443", true)]
    [InlineData("https_ports", "443", true)]
    [InlineData("Kestrel:Endpoints:Public:Url", "https://0.0.0.0:443", true)]
    [InlineData("Https:Port", "443", true)]
    [InlineData("urls", "http://*:8080", false)]
    [InlineData("http_ports", "8080", false)]
    public void AreConfigured_SeesEveryWayToNameAnHttpsEndpoint(string key, string value, bool https) =>
        Assert.Equal(https, HttpsEndpoints.AreConfigured(Settings((key, value))));

    [Fact]
    public async Task Start_WithAnHttpsPortBehindNoTrustedProxy_FailsNamingTheProxySetting()
    {
        await using var app = new AppWithSettings(new() { ["Https:Port"] = "443" });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.InitializeAsync().AsTask());

        Assert.Contains("ForwardedHeaders:KnownProxies", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>As its own process: Kestrel reads its section from the real configuration, as in production.</summary>
    [Fact]
    public async Task Start_WithTls11Configured_FailsNamingTheSetting()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"careslot-tls11-{Guid.NewGuid():N}")).FullName;
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AppProcess.StartAsync(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["Database:SqlitePath"] = Path.Combine(folder, "careslot.db"),
                [PhiKeysOptions.VariablePrefix + "t1"] = PhiKeyRing.NewKeyText(),
                [$"{PhiKeysOptions.Section}:{nameof(PhiKeysOptions.Folder)}"] = Directory.CreateDirectory(Path.Combine(folder, "keys")).FullName,
                ["Kestrel:EndpointDefaults:SslProtocols:0"] = "Tls11",
            }));

            Assert.Contains("Kestrel:EndpointDefaults:SslProtocols asks for Tls11", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("Host=db.internal;Database=careslot", true)]
    [InlineData("Host=db.internal;Database=careslot;SSL Mode=Prefer", true)]
    [InlineData("Host=db.internal;Database=careslot;SSL Mode=Disable", true)]
    [InlineData("Host=10.0.0.9,db2.internal;Database=careslot;SSL Mode=Allow", true)]
    [InlineData("Host=db.internal;Database=careslot;SSL Mode=Require", false)]
    [InlineData("Host=db.internal;Database=careslot;SSL Mode=VerifyFull;Root Certificate=/etc/ssl/db-ca.crt", false)]
    [InlineData("Host=127.0.0.1;Port=5433;Database=careslot", false)]
    [InlineData("Host=localhost;Database=careslot", false)]
    [InlineData("Host=::1;Database=careslot", false)]
    [InlineData("Host=/var/run/postgresql;Database=careslot", false)]
    public void PostgresWeakness_BelowRequireToAnotherMachine_IsNamed(string connectionString, bool weak)
    {
        var weakness = PostgresTransport.Weakness(connectionString);

        Assert.Equal(weak, weakness is not null);
        if (weak) Assert.Contains("VerifyFull", weakness, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SmtpSecurity.StartTls, false, "Production", true)]
    [InlineData(SmtpSecurity.SslOnConnect, false, "Production", true)]
    [InlineData(SmtpSecurity.None, false, "Production", false)]
    [InlineData(SmtpSecurity.Auto, false, "Staging", false)]
    [InlineData(SmtpSecurity.None, true, "Production", true)]
    [InlineData(SmtpSecurity.None, false, "Development", true)]
    public void Smtp_PlainTextOutsideDevelopment_IsRefusedUnlessAllowedByName(SmtpSecurity security, bool allowed, string environment, bool acceptable) =>
        Assert.Equal(acceptable, new SmtpOptions { Host = "smtp.example.org", Security = security, AllowPlainTextOutsideDevelopment = allowed }
            .TransportIsAcceptable(new Environment(environment)));

    [Theory]
    [InlineData("None", "Email:Smtp:AllowPlainTextOutsideDevelopment")]
    [InlineData("Auto", "StartTls")]
    public async Task Start_SmtpWithoutTls_FailsNamingTheWayOut(string security, string named)
    {
        using var host = DeliveryHost.Build(new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "smtp.example.org",
            ["Email:Smtp:Security"] = security,
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://api.twilio.com/2010-04-01", "Production", true)]
    [InlineData("http://sms.example.org/2010-04-01", "Production", false)]
    [InlineData("http://10.0.0.7:8080/2010-04-01", "Staging", false)]
    [InlineData("http://127.0.0.1:8080/2010-04-01", "Production", true)]
    [InlineData("http://localhost:8080/2010-04-01", "Production", true)]
    [InlineData("http://sms.example.org/2010-04-01", "Development", true)]
    public void SmsGateway_PlainHttpOverANetwork_IsRefusedOutsideDevelopment(string baseUrl, string environment, bool acceptable) =>
        Assert.Equal(acceptable, new SmsGatewayOptions { BaseUrl = baseUrl }.TransportIsAcceptable(new Environment(environment)));

    [Fact]
    public async Task Start_SmsGatewayOverPlainHttp_FailsNamingTheSetting()
    {
        using var host = DeliveryHost.Build(new Dictionary<string, string?>
        {
            ["Sms:Gateway:BaseUrl"] = "http://sms.example.org/2010-04-01",
            ["Sms:Gateway:AccountId"] = "AC1",
            ["Sms:Gateway:AuthToken"] = "token",
            ["Sms:Gateway:From"] = "+15005550006",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Sms:Gateway:BaseUrl must be an https:// address", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SecureSocketOptions.SslOnConnect, false, "Production", true)]
    [InlineData(SecureSocketOptions.StartTls, false, "Production", true)]
    [InlineData(SecureSocketOptions.StartTlsWhenAvailable, false, "Production", false)]
    [InlineData(SecureSocketOptions.Auto, false, "Production", false)]
    [InlineData(SecureSocketOptions.None, false, "Testing", false)]
    [InlineData(SecureSocketOptions.None, true, "Production", true)]
    [InlineData(SecureSocketOptions.None, false, "Development", true)]
    public void Imap_PlainTextOutsideDevelopment_IsRefusedUnlessAllowedByName(SecureSocketOptions security, bool allowed, string environment, bool acceptable) =>
        Assert.Equal(acceptable, new SupportMailboxOptions { Host = "imap.example.org", Security = security, AllowPlainTextOutsideDevelopment = allowed }
            .TransportIsAcceptable(new Environment(environment)));

    [Fact]
    public void Imap_Off_IsAcceptable() =>
        Assert.True(new SupportMailboxOptions { Security = SecureSocketOptions.None }.TransportIsAcceptable(new Environment("Production")));

    [Fact]
    public async Task Start_ImapWithoutTls_FailsNamingTheWayOut()
    {
        await using var app = new AppWithSettings(new()
        {
            ["HelpDesk:Mailbox:Host"] = "imap.example.org",
            ["HelpDesk:Mailbox:Security"] = "None",
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.InitializeAsync().AsTask());

        Assert.Contains("HelpDesk:Mailbox:AllowPlainTextOutsideDevelopment", error.ToString(), StringComparison.Ordinal);
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "CareSlot.Web";

        public string ContentRootPath { get; set; } = Path.GetTempPath();

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }

    /// <summary>The app in Production with extra settings.</summary>
    private sealed class AppWithSettings(Dictionary<string, string?> extra) : SqliteApp
    {
        protected override Dictionary<string, string?> ExtraSettings
        {
            get
            {
                var settings = base.ExtraSettings;
                foreach (var (key, value) in extra) settings[key] = value;
                return settings;
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }
}
