namespace CareSlot.Web.Features.Admin.Dashboard;

public static class DashboardRegistration
{
    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services
            .AddSingleton<DashboardCache>()
            .AddScoped<DashboardQuery>();
        return builder;
    }
}
