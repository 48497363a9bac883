using System.Net;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Platform.Web;

/// <summary>
/// Where the site is and whom it believes about that: the public origin every link is built from, the hosts a
/// request may name, and the proxies whose forwarded headers count.
/// </summary>
public static class SiteExtensions
{
    /// <summary>
    /// Loopback names are always accepted besides the public host: a health probe inside the container or pod and a
    /// developer reach the app as localhost, and a link can no longer be steered by the Host a request names.
    /// </summary>
    public static readonly IReadOnlyList<string> LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    public static IHostApplicationBuilder AddSite(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SiteOptions>, SiteOptionsValidation>();

        // The framework's own default for an unset or "*" AllowedHosts is every host; here it is the public one.
        services.AddOptions<HostFilteringOptions>().PostConfigure<IOptions<SiteOptions>, IConfiguration>((filtering, site, configuration) =>
            filtering.AllowedHosts = AllowedHosts(site.Value, configuration["AllowedHosts"]));

        services.AddOptions<TrustedProxyOptions>().BindConfiguration(TrustedProxyOptions.Section)
            .Validate(o => !o.Problems().Any(), "ForwardedHeaders: every entry of KnownProxies must be an IP address and every entry of KnownNetworks a CIDR network.")
            .ValidateOnStart();
        // ASPNETCORE_FORWARDEDHEADERS_ENABLED would make the framework believe forwarded headers from every sender, ahead
        // of everything else; its options are emptied so that only the middleware below, with the configured proxies, acts.
        services.PostConfigure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.None;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
        });
        return builder;
    }

    /// <summary>Client address and scheme from the configured proxies, so rate limits count clients, not the proxy.</summary>
    public static WebApplication UseForwardedHeadersFromTrustedProxies(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var trusted = app.Services.GetRequiredService<IOptions<TrustedProxyOptions>>().Value;
        if (!trusted.Any) return app;
        // Not X-Forwarded-Host: nothing the app makes depends on the host any more, and host filtering checks the real one.
        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        // A malformed entry is skipped here rather than thrown: validation on start refuses it with a clearer message.
        foreach (var proxy in trusted.KnownProxies)
        {
            if (IPAddress.TryParse(proxy, out var address)) forwarded.KnownProxies.Add(address);
        }
        foreach (var network in trusted.KnownNetworks)
        {
            if (System.Net.IPNetwork.TryParse(network, out var range)) forwarded.KnownIPNetworks.Add(range);
        }
        app.UseForwardedHeaders(forwarded);
        return app;
    }

    public static List<string> AllowedHosts(SiteOptions site, string? configured)
    {
        ArgumentNullException.ThrowIfNull(site);
        var hosts = (configured ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(h => h != "*").ToList();
        if (SiteOptions.TryParseOrigin(site.PublicOrigin, out var origin)) hosts.Add(origin.Host);
        hosts.AddRange(LoopbackHosts);
        return [.. hosts.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private sealed class SiteOptionsValidation : IValidateOptions<SiteOptions>
    {
        private const string Setting = $"{SiteOptions.Section}:{nameof(SiteOptions.PublicOrigin)}";

        public ValidateOptionsResult Validate(string? name, SiteOptions options)
        {
            if (string.IsNullOrWhiteSpace(options.PublicOrigin))
            {
                return ValidateOptionsResult.Fail($"{Setting} is not set. Set it to the address people open the site at, such as " +
                    $"{SiteOptions.Example} (environment variable Site__PublicOrigin): links in e-mails and text messages start with it.");
            }
            return SiteOptions.TryParseOrigin(options.PublicOrigin, out _)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{Setting} '{options.PublicOrigin}' is not an origin. Use an absolute http or https " +
                    $"address without path, query or fragment, such as {SiteOptions.Example}.");
        }
    }
}
