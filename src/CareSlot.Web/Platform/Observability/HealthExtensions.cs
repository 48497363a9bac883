using System.Text.Json;
using System.Text.Json.Serialization;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CareSlot.Web.Platform.Observability;

public static class HealthExtensions
{
    /// <summary>The tag of the checks /health/ready runs; a feature adds its own (Degraded when the instance can still serve).</summary>
    public const string Ready = "ready";

    public static IServiceCollection AddCareSlotHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<CareSlotDb>("database", tags: [Ready])
            .AddCheck<MigrationsAppliedCheck>("migrations", tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapCareSlotHealthChecks(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        // Degraded (messaging down) still answers 200, so a load balancer keeps sending traffic; Unhealthy (the database) 503.
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteJsonAsync });
        return routes;
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.Headers.CacheControl = "no-store";
        var body = new ReadinessReport(report.Status.ToString(), report.TotalDuration.TotalMilliseconds,
            [.. report.Entries.Select(e => new ReadinessCheck(e.Key, e.Value.Status.ToString(), e.Value.Description, e.Value.Duration.TotalMilliseconds))]);
        return context.Response.WriteAsJsonAsync(body, HealthJson.Default.ReadinessReport);
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ReadinessReport))]
internal sealed partial class HealthJson : JsonSerializerContext;

/// <summary>The body of /health/ready: the overall status and each check's, with its description.</summary>
public sealed record ReadinessReport(string Status, double DurationMilliseconds, IReadOnlyList<ReadinessCheck> Checks);

public sealed record ReadinessCheck(string Name, string Status, string? Description, double DurationMilliseconds);

/// <summary>An instance whose database lacks a migration must not take traffic.</summary>
public sealed class MigrationsAppliedCheck(CareSlotDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        return pending.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied.");
    }
}
