using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CareSlot.Web.Platform.Security;

public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Off only for local load tests.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests per client IP per window on registration, sign-in, verification and reset.</summary>
    public int AccountPermitLimit { get; set; } = 10;

    public int AccountWindowSeconds { get; set; } = 60;

    /// <summary>Messages (reset links, SMS codes) one address may be sent per window, whatever the IP.</summary>
    public int PerAccountPermitLimit { get; set; } = 5;

    public int PerAccountWindowSeconds { get; set; } = 900;
}

public static class RateLimitingExtensions
{
    /// <summary>The policy on every endpoint that guesses at or creates credentials.</summary>
    public const string Accounts = "accounts";

    public static IServiceCollection AddCareSlotRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitingOptions.Section).Get<RateLimitingOptions>() ?? new();
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.Section);
        services.AddSingleton<AccountRateLimiter>();
        services.TryAddSingleton<IRateLimitCounters, InMemoryRateLimitCounters>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(Accounts, context => !options.Enabled
                ? RateLimitPartition.GetNoLimiter("off")
                : RateLimitPartition.Get(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", ip =>
                    context.RequestServices.GetRequiredService<IRateLimitCounters>().FixedWindow(Accounts, ip, new()
                    {
                        PermitLimit = options.AccountPermitLimit,
                        Window = TimeSpan.FromSeconds(options.AccountWindowSeconds),
                        QueueLimit = 0,
                    })));
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(options.AccountWindowSeconds);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests.",
                        Detail = AccountRateLimiter.WaitDetail(context.HttpContext, retryAfter),
                    },
                });
            };
        });
        return services;
    }
}
