using System.Net;

namespace CareSlot.Web.Platform.Web;

/// <summary>
/// The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto the app believes. None by default: from anyone
/// else those headers are only what the client chose to send.
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>10.0.0.0/24</c>, for proxies whose address changes.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public bool Any => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<string> Problems() =>
        KnownProxies.Where(p => !IPAddress.TryParse(p, out _))
            .Select(p => $"{Section}:{nameof(KnownProxies)} '{p}' is not an IP address, such as 10.0.0.5.")
            .Concat(KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _))
                .Select(n => $"{Section}:{nameof(KnownNetworks)} '{n}' is not a network in CIDR notation, such as 10.0.0.0/24."));
}
