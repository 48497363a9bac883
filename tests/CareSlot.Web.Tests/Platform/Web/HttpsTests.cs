using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Platform.Web;

/// <summary>
/// The app on real Kestrel with an HTTP and an HTTPS endpoint, as production runs it without a proxy: the certificate is
/// a PKCS#12 file named in <c>Kestrel:Certificates:Default</c> with its password, the endpoints are <c>ASPNETCORE_URLS</c>.
/// </summary>
public sealed class HttpsSqliteApp : SqliteApp
{
    private const string CertificatePassword = "test-certificate-password";
    private readonly string certificateFolder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"careslot-tls-{Guid.NewGuid():N}")).FullName;

    public int HttpPort { get; } = SmtpSink.FreePort();

    public int HttpsPort { get; } = SmtpSink.FreePort();

    /// <summary>The SHA-256 hash of the server's certificate: the test clients trust exactly this one.</summary>
    public string CertificateHash { get; }

    private string CertificatePath => Path.Combine(certificateFolder, "server.pfx");

    public HttpsSqliteApp()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=book.careslot.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("book.careslot.test");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        // The wall clock, not the app's fake one: the client checks the certificate's dates against the real time.
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        File.WriteAllBytes(CertificatePath, certificate.Export(X509ContentType.Pkcs12, CertificatePassword));
        CertificateHash = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        UseKestrel();
    }

    protected override Dictionary<string, string?> ExtraSettings
    {
        get
        {
            var settings = base.ExtraSettings;
            settings["urls"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{HttpPort};https://127.0.0.1:{HttpsPort}");
            settings["Kestrel:Certificates:Default:Path"] = CertificatePath;
            settings["Kestrel:Certificates:Default:Password"] = CertificatePassword;
            return settings;
        }
    }

    /// <summary>The addresses Kestrel listens on, as it reports them.</summary>
    public IReadOnlyCollection<string> Addresses =>
        [.. Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses];

    /// <summary>
    /// A browser-like client of https://book.careslot.test (the public origin: HSTS is never sent for localhost or
    /// 127.0.0.1), connected to this app's HTTPS port, trusting only its certificate, following no redirect, and
    /// recording every Set-Cookie header it receives.
    /// </summary>
    public HttpClient CreateHttpsClient(List<string> setCookies)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = new CookieContainer(),
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && new X509Certificate2(certificate).GetCertHashString(HashAlgorithmName.SHA256) == CertificateHash;
        return new HttpClient(new SetCookieRecorder(handler, setCookies))
        {
            BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"https://book.careslot.test:{HttpsPort}/")),
        };
    }

    protected override void CleanUp()
    {
        base.CleanUp();
        if (Directory.Exists(certificateFolder)) Directory.Delete(certificateFolder, recursive: true);
    }

    private sealed class SetCookieRecorder(HttpMessageHandler inner, List<string> setCookies) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var values))
            {
                lock (setCookies) setCookies.AddRange(values);
            }
            return response;
        }
    }
}

/// <summary>
/// Transport security on a real HTTPS endpoint (issue 20 item 4; HIPAA §164.312(e), GDPR Art. 32): Debian's sslscan finds
/// nothing below TLS 1.2 and no weak cipher; HTTPS answers carry HSTS; plain HTTP is redirected; every cookie is Secure,
/// HttpOnly and SameSite.
/// </summary>
public sealed class HttpsTests(HttpsSqliteApp app) : IClassFixture<HttpsSqliteApp>
{
    private static readonly string[] WeakCipherNames = ["NULL", "RC4", "DES", "EXP", "MD5", "ADH", "AECDH", "anon"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Kestrel_ListensOnBothEndpoints()
    {
        Assert.Contains(app.Addresses, a => a.StartsWith("https://", StringComparison.Ordinal) && a.EndsWith(":" + app.HttpsPort, StringComparison.Ordinal));
        Assert.Contains(app.Addresses, a => a.StartsWith("http://", StringComparison.Ordinal) && a.EndsWith(":" + app.HttpPort, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sslscan_FindsOnlyTls12And13WithStrongCiphers()
    {
        var scan = await SslscanAsync(app.HttpsPort);
        var test = scan.Descendants("ssltest").Single();

        var protocols = test.Elements("protocol").ToDictionary(p => $"{p.Attribute("type")!.Value} {p.Attribute("version")!.Value}", p => p.Attribute("enabled")!.Value == "1");
        Assert.False(protocols["ssl 2"], "SSLv2 is accepted");
        Assert.False(protocols["ssl 3"], "SSLv3 is accepted");
        Assert.False(protocols["tls 1.0"], "TLS 1.0 is accepted");
        Assert.False(protocols["tls 1.1"], "TLS 1.1 is accepted");
        Assert.True(protocols["tls 1.2"], "TLS 1.2 is refused");
        Assert.True(protocols["tls 1.3"], "TLS 1.3 is refused");

        var ciphers = test.Elements("cipher").ToList();
        Assert.NotEmpty(ciphers);
        var weak = ciphers.Where(c => IsWeak(c.Attribute("cipher")!.Value, int.Parse(c.Attribute("bits")!.Value, CultureInfo.InvariantCulture), c.Attribute("strength")?.Value))
            .Select(c => $"{c.Attribute("sslversion")!.Value} {c.Attribute("cipher")!.Value} ({c.Attribute("bits")!.Value} bits, {c.Attribute("strength")?.Value})")
            .ToList();
        Assert.True(weak.Count == 0, "Weak ciphers accepted: " + string.Join("; ", weak));
        Assert.All(ciphers, c => Assert.StartsWith("TLSv1.", c.Attribute("sslversion")!.Value, StringComparison.Ordinal));

        Assert.All(test.Elements("heartbleed"), h => Assert.Equal("0", h.Attribute("vulnerable")!.Value));
        Assert.NotEqual(("1", "0"), (test.Element("renegotiation")?.Attribute("supported")?.Value, test.Element("renegotiation")?.Attribute("secure")?.Value));
    }

    [Theory]
    [InlineData("ECDHE-RSA-AES256-GCM-SHA384", 256, "strong", false)]
    [InlineData("TLS_AES_128_GCM_SHA256", 128, "acceptable", false)]
    [InlineData("DES-CBC3-SHA", 112, "medium", true)]
    [InlineData("RC4-SHA", 128, "weak", true)]
    [InlineData("NULL-SHA256", 0, "null", true)]
    [InlineData("EXP-RC4-MD5", 40, "weak", true)]
    [InlineData("AECDH-AES256-SHA", 256, "anonymous", true)]
    [InlineData("ECDHE-RSA-AES128-SHA", 128, "strong", false)]
    public void IsWeak_NamesWhatTheScanMustNotFind(string cipher, int bits, string strength, bool weak) =>
        Assert.Equal(weak, IsWeak(cipher, bits, strength));

    [Fact]
    public async Task HttpsResponse_CarriesHstsForAYearWithSubdomains()
    {
        using var client = app.CreateHttpsClient([]);

        var response = await client.GetAsync(new Uri("/doctors", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000; includeSubDomains", string.Join(", ", response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task PlainHttp_IsRedirectedToTheHttpsEndpoint()
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });

        var response = await client.GetAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{app.HttpPort}/doctors?q=heart")), Ct);

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal(new Uri(string.Create(CultureInfo.InvariantCulture, $"https://127.0.0.1:{app.HttpsPort}/doctors?q=heart")), response.Headers.Location);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Cookies_OverHttps_AreSecureHttpOnlyAndSameSite()
    {
        var setCookies = new List<string>();
        using var browser = app.CreateHttpsClient(setCookies);
        var email = await app.CreateAccountAsync(Roles.Patient);

        var signIn = await browser.SignInAsync(email, AccountsTestKit.Password);
        Assert.Equal("/account", signIn.Headers.Location?.OriginalString);
        var language = await browser.SubmitFormAsync("/language", new Dictionary<string, string> { ["Culture"] = "de" });
        Assert.Equal(HttpStatusCode.Redirect, language.StatusCode);
        using var anonymous = app.CreateHttpsClient(setCookies);
        var chat = await anonymous.PostAsync(new Uri("/api/v1/chat/visitor-key", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.NoContent, chat.StatusCode);

        var names = setCookies.Select(c => c[..c.IndexOf('=', StringComparison.Ordinal)]).Distinct().ToList();
        Assert.Contains("careslot.session", names);
        Assert.Contains(names, n => n.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains(".AspNetCore.Culture", names);
        Assert.True(names.Count >= 4, "Cookies seen: " + string.Join(", ", names));
        Assert.All(setCookies, cookie =>
        {
            var attributes = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
            Assert.True(attributes.Contains("secure"), "Not Secure: " + cookie);
            Assert.True(attributes.Contains("httponly"), "Not HttpOnly: " + cookie);
            Assert.True(attributes.Contains("samesite=lax") || attributes.Contains("samesite=strict"), "SameSite neither Lax nor Strict: " + cookie);
        });
    }

    /// <summary>Below 128 bits, or NULL, RC4, DES/3DES, EXPORT, MD5 or anonymous key exchange, or what sslscan itself calls weak.</summary>
    private static bool IsWeak(string cipher, int bits, string? strength) =>
        bits < 128
        || strength is "null" or "anonymous" or "weak" or "medium"
        || WeakCipherNames.Any(part => cipher.Contains(part, StringComparison.OrdinalIgnoreCase));

    private static async Task<XDocument> SslscanAsync(int port)
    {
        const string Sslscan = "/usr/bin/sslscan";
        Assert.True(File.Exists(Sslscan), "sslscan is not installed: apt-get install sslscan (./test.sh installs it).");
        var start = new ProcessStartInfo(Sslscan) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--xml=-");
        start.ArgumentList.Add("--no-colour");
        start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}"));
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var errors = process.StandardError.ReadToEndAsync(Ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(limit.Token);
        var xml = await output;
        Assert.True(process.ExitCode == 0, $"sslscan exited with {process.ExitCode}: {await errors}");
        // With --xml=- the text report comes first; the document starts at its declaration.
        return XDocument.Parse(xml[xml.IndexOf("<?xml", StringComparison.Ordinal)..]);
    }
}
