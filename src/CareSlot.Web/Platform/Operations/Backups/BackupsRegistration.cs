using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CareSlot.Web.Platform.Operations.Backups;

public static class BackupsRegistration
{
    public static IServiceCollection AddDatabaseBackups(this IServiceCollection services)
    {
        services.AddOptions<BackupOptions>().BindConfiguration(BackupOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<DatabaseBackups>();
        // Replaces the stand-in that says no backups are configured (compliance-report's "last good backup").
        services.Replace(ServiceDescriptor.Scoped<IBackupStatus, FolderBackupStatus>());
        return services;
    }
}
