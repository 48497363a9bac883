namespace CareSlot.Web.Features.Admin.Problems;

public static class AdminProblemsRegistration
{
    public static IHostApplicationBuilder AddProblemsPage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<ProblemsOverview>();
        return builder;
    }
}
