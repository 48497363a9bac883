namespace CareSlot.Web.Features.Admin.Audit;

public static class AuditViewerRegistration
{
    public static IHostApplicationBuilder AddAuditViewer(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services
            .AddScoped<AuditQuery>()
            .AddScoped<ExportAuditTrail>()
            .AddScoped<VerifyAuditTrail>();
        return builder;
    }
}
