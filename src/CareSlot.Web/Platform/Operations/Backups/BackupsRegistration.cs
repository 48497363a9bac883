namespace CareSlot.Web.Platform.Operations.Backups;

public static class BackupsRegistration
{
    public static IServiceCollection AddDatabaseBackups(this IServiceCollection services)
    {
        services.AddOptions<BackupOptions>().BindConfiguration(BackupOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<DatabaseBackups>();
        return services;
    }
}
