namespace CareSlot.Web.Features.Admin.Compliance;

public static class ComplianceRegistration
{
    public static IHostApplicationBuilder AddComplianceRegister(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<ProcessingRegister>();
        return builder;
    }
}
