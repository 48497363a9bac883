using System.Net;

namespace CareSlot.Web.Platform.Observability;

public sealed class ObservabilityOptions
{
    public const string Section = "Observability";

    /// <summary>
    /// Networks (CIDR, such as 127.0.0.1/32 for a Prometheus on the same host) whose requests read /metrics without signing
    /// in; everyone else needs an administrator's session with a second factor. None by default.
    /// </summary>
    public List<string> MetricsNetworks { get; set; } = [];

    public IEnumerable<string> Problems() =>
        MetricsNetworks.Where(n => !IPNetwork.TryParse(n, out _))
            .Select(n => $"{Section}:{nameof(MetricsNetworks)} '{n}' is not a network in CIDR notation, such as 127.0.0.1/32.");

    public bool Admits(IPAddress? address)
    {
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return MetricsNetworks.Any(n => IPNetwork.TryParse(n, out var network) && network.Contains(address));
    }
}
