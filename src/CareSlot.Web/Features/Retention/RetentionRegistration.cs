using CareSlot.Web.Features.Retention.Breach;
using CareSlot.Web.Features.Retention.Compliance;
using CareSlot.Web.Platform.Operations;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CareSlot.Web.Features.Retention;

public static class RetentionRegistration
{
    /// <summary>Retention periods and their daily job, the compliance report's checks, and the breach report.</summary>
    public static IHostApplicationBuilder AddRetention(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<PurgeExpiredData>().AddScoped<BreachReport>();
        builder.Services.AddHostedService<RetentionWorker>();
        // The report's items, in its order; other features add theirs with AddComplianceCheck.
        builder.Services
            .AddComplianceCheck<FieldEncryptionCheck>()
            .AddComplianceCheck<AuditChainCheck>()
            .AddComplianceCheck<BackupCheck>()
            .AddComplianceCheck<StaffTwoFactorCheck>()
            .AddComplianceCheck<RetentionOverdueCheck>()
            .AddComplianceCheck<DependencyAdvisoriesCheck>();
        return builder;
    }
}
