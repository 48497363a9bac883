using CareSlot.Web.Features.Retention.Compliance;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using CareSlot.Web.Platform.Security;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Privacy;

public static class PrivacyRegistration
{
    /// <summary>The rate limit on exports: each gathers and decrypts everything the account holds, so one account may not loop on it.</summary>
    public const string ExportLimit = "privacy-export";

    public static IHostApplicationBuilder AddPrivacy(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services
            .AddScoped<ErasureRequests>()
            .AddScoped<PersonalDataExport>()
            .AddScoped<RequestErasure>()
            .AddScoped<CompleteErasure>()
            .AddScoped<ResumeErasures>()
            .AddHostedService<ErasuresWorker>()
            .AddComplianceCheck<PendingErasuresCheck>();
        builder.Services.Configure<RateLimiterOptions>(limiter => limiter.AddPolicy(ExportLimit, context =>
        {
            if (!context.RequestServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value.Enabled) return RateLimitPartition.GetNoLimiter("off");
            var options = context.RequestServices.GetRequiredService<IOptions<PrivacyOptions>>().Value;
            // Per account: the export is only ever of the caller's own data, whatever address they call from.
            var key = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.GetFixedWindowLimiter(string.Create(CultureInfo.InvariantCulture, $"{key}:{options.ExportsPerWindow}:{options.ExportWindowSeconds}"),
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.ExportsPerWindow,
                    Window = TimeSpan.FromSeconds(options.ExportWindowSeconds),
                    QueueLimit = 0,
                });
        }));
        return builder;
    }
}
