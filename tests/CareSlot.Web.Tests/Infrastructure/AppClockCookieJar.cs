using System.Globalization;

namespace CareSlot.Web.Tests.Infrastructure;

/// <summary>
/// A browser's cookie jar that judges expiry by the app's fake clock. HttpClient's own container uses
/// the wall clock, so a persistent cookie issued at a fake 09:00 would vanish whenever the real time of
/// day had passed it, and a test would pass or fail by the hour it ran.
/// </summary>
public sealed class AppClockCookieJar(TimeProvider clock) : DelegatingHandler
{
    private readonly Dictionary<string, (string Value, DateTimeOffset? Expires)> cookies = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            foreach (var name in cookies.Where(c => c.Value.Expires <= now).Select(c => c.Key).ToList()) cookies.Remove(name);
            if (cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value.Value}")));
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var headers))
        {
            lock (gate)
            {
                foreach (var header in headers) Store(header, clock.GetUtcNow());
            }
        }
        return response;
    }

    private void Store(string header, DateTimeOffset now)
    {
        var parts = header.Split(';', StringSplitOptions.TrimEntries);
        var separator = parts[0].IndexOf('=', StringComparison.Ordinal);
        var name = parts[0][..separator];
        var value = parts[0][(separator + 1)..];
        DateTimeOffset? expires = null;
        foreach (var attribute in parts.Skip(1))
        {
            if (attribute.StartsWith("expires=", StringComparison.OrdinalIgnoreCase))
            {
                expires = DateTimeOffset.Parse(attribute["expires=".Length..], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            }
            else if (attribute.StartsWith("max-age=", StringComparison.OrdinalIgnoreCase))
            {
                expires = now.AddSeconds(long.Parse(attribute["max-age=".Length..], CultureInfo.InvariantCulture));
            }
        }

        if (value.Length == 0 || expires <= now) cookies.Remove(name);
        else cookies[name] = (value, expires);
    }
}
