using System.Threading.RateLimiting;
using CareSlot.Web.Platform.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Platform.Security;

/// <summary>
/// Limits per account, on top of the per-IP policy: requests that send a message to an address (password
/// reset, a new SMS code) are counted per submitted address, so someone rotating IPs still cannot flood
/// one person's inbox or phone. The address is counted whether or not it is registered, so the answer
/// says nothing about who has an account. Counts are per instance unless <see cref="IRateLimitCounters"/> shares them
/// (Redis, Platform/ScaleOut).
/// </summary>
public sealed class AccountRateLimiter : IDisposable
{
    private readonly RateLimitingOptions options;
    private readonly PartitionedRateLimiter<string> limiter;

    /// <summary>The name of this limit where counts are shared.</summary>
    public const string LimitName = "address";

    public AccountRateLimiter(IOptions<RateLimitingOptions> options, IRateLimitCounters counters)
    {
        this.options = options.Value;
        limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.Get(address, key => counters.FixedWindow(LimitName, key, new()
        {
            PermitLimit = this.options.PerAccountPermitLimit,
            Window = TimeSpan.FromSeconds(this.options.PerAccountWindowSeconds),
            QueueLimit = 0,
        })));
    }

    /// <summary>
    /// Null when the request may go ahead; otherwise how long to wait. Asynchronous because a shared count is a round
    /// trip; with nothing queued (QueueLimit 0) an in-memory window answers at once.
    /// </summary>
    public async ValueTask<TimeSpan?> RefusalAsync(string? address, CancellationToken ct)
    {
        if (!options.Enabled || string.IsNullOrWhiteSpace(address)) return null;
        using var lease = await limiter.AcquireAsync(address.Trim().ToUpperInvariant(), cancellationToken: ct);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(options.PerAccountWindowSeconds);
    }

    /// <summary>The same 429 problem details (with Retry-After) the per-IP policy answers.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooMany(HttpResponse response, TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.",
            detail: WaitDetail(response.HttpContext, wait));
    }

    /// <summary>"Please wait 42 seconds before trying again.", in the caller's language.</summary>
    public static string WaitDetail(HttpContext http, TimeSpan wait) =>
        http.RequestServices.GetRequiredService<IStringLocalizer<WebText>>()["Please wait {0} seconds before trying again.", (int)Math.Ceiling(wait.TotalSeconds)];

    public void Dispose() => limiter.Dispose();
}
