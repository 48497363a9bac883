using CareSlot.Web.Platform.Observability;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CareSlot.Web.Platform.Operations.Backups;

public static class BackupsRegistration
{
    public static IServiceCollection AddDatabaseBackups(this IServiceCollection services)
    {
        services.AddOptions<BackupOptions>().BindConfiguration(BackupOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<DatabaseBackups>();
        services.AddScoped<IBackupStatus, BackupRunStatus>();
        services.AddHostedService<ScheduledBackups>();
        services.AddHealthChecks().AddCheck<BackupFreshnessCheck>("backups", HealthStatus.Degraded, [HealthExtensions.Ready]);
        return services;
    }
}
