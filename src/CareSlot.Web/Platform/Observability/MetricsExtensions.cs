using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;

namespace CareSlot.Web.Platform.Observability;

/// <summary>OpenTelemetry metrics: ASP.NET Core, the runtime, Npgsql and <see cref="CareSlotMetrics"/>, scraped at /metrics.</summary>
public static class MetricsExtensions
{
    public const string MetricsPath = "/metrics";

    public static IHostApplicationBuilder AddCareSlotMetrics(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.Section)
            .Validate(o => !o.Problems().Any(), "Observability: every entry of MetricsNetworks must be a CIDR network, such as 127.0.0.1/32.")
            .ValidateOnStart();
        builder.Services.AddSingleton<CareSlotMetrics>();
        builder.Services.AddSingleton<RequestWindow>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RequestWindow>());
        // EF Core's OpenTelemetry instrumentation is left out: it records traces only, and nothing here exports traces.
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddNpgsqlInstrumentation()
            .AddMeter(CareSlotMetrics.MeterName)
            // No cached scrape: the exporter would otherwise answer a scrape within 300 ms of the last one with that one's
            // figures, and a Prometheus scrapes every few seconds at most, so the cache saves nothing here.
            .AddPrometheusExporter(exporter => exporter.ScrapeResponseCacheDurationMilliseconds = 0));
        // A provider hears every meter of a name in its process, other hosts' too (each host's IMeterFactory makes its own):
        // several hosts in one process — the integration tests run hundreds — would fill its 1,000 streams with theirs, and
        // it would drop this host's own instruments. Another host's meters are dropped; global ones (the runtime's,
        // Npgsql's) are kept.
        builder.Services.ConfigureOpenTelemetryMeterProvider((services, provider) =>
        {
            var ownMeters = services.GetRequiredService<IMeterFactory>();
            provider.AddView(instrument => instrument.Meter.Scope is { } scope && !ReferenceEquals(scope, ownMeters)
                ? MetricStreamConfiguration.Drop
                : null);
        });
        return builder;
    }

    /// <summary>
    /// /metrics for a configured network (a Prometheus that cannot sign in) or an administrator with a second factor;
    /// everyone else gets 404, as from the admin area, so the address tells nobody what runs here.
    /// </summary>
    /// <param name="adminPolicy">The authorization policy of the admin area.</param>
    public static IEndpointRouteBuilder MapCareSlotMetrics(this IEndpointRouteBuilder routes, string adminPolicy)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
        {
            if (await MayReadAsync(context, adminPolicy))
            {
                context.Response.Headers.CacheControl = "no-store";
                await next(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }), optionsName: null);
        return routes;
    }

    private static async Task<bool> MayReadAsync(HttpContext context, string adminPolicy)
    {
        var services = context.RequestServices;
        if (services.GetRequiredService<IOptions<ObservabilityOptions>>().Value.Admits(context.Connection.RemoteIpAddress)) return true;
        var policy = await services.GetRequiredService<IAuthorizationPolicyProvider>().GetPolicyAsync(adminPolicy)
            ?? throw new InvalidOperationException($"No authorization policy named {adminPolicy}.");
        var evaluator = services.GetRequiredService<IPolicyEvaluator>();
        var authenticated = await evaluator.AuthenticateAsync(policy, context);
        var authorized = await evaluator.AuthorizeAsync(policy, authenticated, context, resource: null);
        return authorized.Succeeded;
    }
}
