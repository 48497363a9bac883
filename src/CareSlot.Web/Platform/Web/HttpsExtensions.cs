using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Platform.Web;

/// <summary>
/// Transport security (HIPAA §164.312(e), GDPR Art. 32): TLS 1.2 and 1.3 only with AEAD ciphers on every HTTPS endpoint,
/// plain HTTP redirected whenever the site is reachable over HTTPS, HSTS outside Development, and every cookie
/// <c>HttpOnly</c>, <c>SameSite</c> and <c>Secure</c> on HTTPS. In Development a self-signed certificate made on first
/// run serves https://localhost, so a machine with only the SDK needs no <c>dotnet dev-certs</c>.
/// </summary>
public static class HttpsExtensions
{
    /// <summary>The only protocols an HTTPS endpoint speaks: SSL 3, TLS 1.0 and 1.1 have known attacks and no support left.</summary>
    public const SslProtocols AllowedProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    public static IHostApplicationBuilder AddHttpsTransport(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var development = builder.Environment.IsDevelopment();
        var servesHttps = HttpsEndpoints.AreConfigured(builder.Configuration);

        services.AddOptions<HttpsOptions>().BindConfiguration(HttpsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<HttpsOptions>, HttpsSettingsValidation>();
        services.AddSingleton<DevelopmentCertificate>();

        services.AddOptions<KestrelServerOptions>().Configure<IServiceProvider>((kestrel, provider) =>
            kestrel.ConfigureHttpsDefaults(https =>
            {
                https.SslProtocols = AllowedProtocols;
                // Kestrel lets an endpoint's own SslProtocols setting replace the defaults; this runs for each handshake
                // after that, so no setting can bring an older protocol back (the validation on start also refuses one).
                var configured = https.OnAuthenticate;
                https.OnAuthenticate = (connection, tls) =>
                {
                    configured?.Invoke(connection, tls);
                    tls.EnabledSslProtocols = AllowedProtocols;
                    if (StrongCipherSuites.Policy is { } ciphers) tls.CipherSuitesPolicy = ciphers;
                };
                if (development && !HttpsEndpoints.CertificateIsConfigured(builder.Configuration))
                {
                    https.ServerCertificate ??= provider.GetRequiredService<DevelopmentCertificate>().Certificate;
                }
            }));

        services.AddOptions<HstsOptions>().Configure<IOptions<HttpsOptions>>((hsts, https) =>
        {
            hsts.MaxAge = TimeSpan.FromDays(https.Value.HstsMaxAgeDays);
            hsts.IncludeSubDomains = https.Value.HstsIncludeSubDomains;
            hsts.Preload = https.Value.HstsPreload;
        });
        services.AddOptions<HttpsRedirectionOptions>().Configure<IOptions<HttpsOptions>>((redirect, https) =>
        {
            if (https.Value.Port is { } port) redirect.HttpsPort = port;
            // Permanent (and method-keeping) in production; a developer's browser should not remember it for good.
            redirect.RedirectStatusCode = development ? StatusCodes.Status307TemporaryRedirect : StatusCodes.Status308PermanentRedirect;
        });

        services.Configure<CookiePolicyOptions>(cookies =>
        {
            // No script reads a cookie: the antiforgery token travels in the form, the session only to the server.
            cookies.HttpOnly = HttpOnlyPolicy.Always;
            cookies.MinimumSameSitePolicy = SameSiteMode.Lax;
            // With an HTTPS endpoint every plain request is redirected, so no cookie is ever meant for plain HTTP. Without one
            // (a test host, or TLS ended at a proxy) a cookie is Secure exactly when its request came over HTTPS.
            cookies.Secure = servesHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        return builder;
    }

    /// <summary>
    /// Redirects plain HTTP when the site serves HTTPS, and puts the cookie policy in front of everything that sets a
    /// cookie. After the forwarded headers, so a request that reached the proxy over HTTPS counts as HTTPS.
    /// </summary>
    public static WebApplication UseHttpsTransport(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (HttpsEndpoints.AreConfigured(app.Configuration)) app.UseHttpsRedirection();
        app.UseCookiePolicy();
        return app;
    }

    /// <summary>ECDHE key exchange with an AEAD cipher, 128 bits or more: forward secrecy, no CBC, no SHA-1 MACs.</summary>
    private static class StrongCipherSuites
    {
        public static readonly CipherSuitesPolicy? Policy = Create();

        private static CipherSuitesPolicy? Create()
        {
            // Windows takes its cipher order from the operating system's policy and refuses one set per connection.
            if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return null;
            return new CipherSuitesPolicy(
            [
                TlsCipherSuite.TLS_AES_256_GCM_SHA384,
                TlsCipherSuite.TLS_AES_128_GCM_SHA256,
                TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
                TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
                TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
                TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
            ]);
        }
    }

    private sealed class HttpsSettingsValidation(IConfiguration configuration, IOptions<TrustedProxyOptions> proxies) : IValidateOptions<HttpsOptions>
    {
        public ValidateOptionsResult Validate(string? name, HttpsOptions options)
        {
            var problems = HttpsEndpoints.WeakProtocolSettings(configuration)
                .Select(setting => $"{setting.Key} asks for {setting.Value}: HTTPS endpoints speak only TLS 1.2 and 1.3 (Tls12, Tls13). " +
                    "Remove the setting or name only those.")
                .ToList();
            if (options.Port is not null && !HttpsEndpoints.ServedHere(configuration) && !proxies.Value.Any)
            {
                // TLS ends at a proxy the app does not believe: every request looks like plain HTTP and would be redirected forever.
                problems.Add($"{HttpsOptions.Section}:{nameof(HttpsOptions.Port)} is set but the app serves no HTTPS itself and trusts no " +
                    $"proxy: set {TrustedProxyOptions.Section}:{nameof(TrustedProxyOptions.KnownProxies)} to the proxy that ends TLS, " +
                    "so that its X-Forwarded-Proto counts.");
            }
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}

/// <summary>What the configuration says about HTTPS, read before the server starts (its addresses are known only after).</summary>
public static class HttpsEndpoints
{
    /// <summary>The app is reached over HTTPS: its own endpoint, or a proxy's port named in <c>Https:Port</c>.</summary>
    public static bool AreConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return ServedHere(configuration) || !string.IsNullOrWhiteSpace(configuration[$"{HttpsOptions.Section}:{nameof(HttpsOptions.Port)}"]);
    }

    /// <summary>Kestrel itself has an HTTPS endpoint: <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTPS_PORTS</c> or <c>Kestrel:Endpoints</c>.</summary>
    public static bool ServedHere(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        static bool Https(string? url) => url?.Contains("https://", StringComparison.OrdinalIgnoreCase) == true;
        return Https(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any(endpoint => Https(endpoint["Url"]));
    }

    /// <summary>A certificate is named in Kestrel's settings, for all endpoints or for one.</summary>
    public static bool CertificateIsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection("Kestrel:Certificates:Default").Exists()
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any(endpoint => endpoint.GetSection("Certificate").Exists());
    }

    /// <summary>Every Kestrel SslProtocols setting that names anything but TLS 1.2 and 1.3, with its key.</summary>
    public static IEnumerable<KeyValuePair<string, string>> WeakProtocolSettings(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = new List<IConfigurationSection> { configuration.GetSection("Kestrel:EndpointDefaults:SslProtocols") };
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            settings.Add(endpoint.GetSection("SslProtocols"));
            settings.AddRange(endpoint.GetSection("Sni").GetChildren().Select(sni => sni.GetSection("SslProtocols")));
        }
        foreach (var setting in settings)
        {
            var values = setting.Value is { } single ? [single] : setting.GetChildren().Select(c => c.Value ?? "");
            foreach (var value in values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
            {
                if (!value.Equals(nameof(SslProtocols.Tls12), StringComparison.OrdinalIgnoreCase)
                    && !value.Equals(nameof(SslProtocols.Tls13), StringComparison.OrdinalIgnoreCase))
                {
                    yield return new(setting.Path, value);
                }
            }
        }
    }
}
