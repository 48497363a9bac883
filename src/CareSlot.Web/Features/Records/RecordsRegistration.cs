namespace CareSlot.Web.Features.Records;

public static class RecordsRegistration
{
    public static IHostApplicationBuilder AddRecords(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RecordsOptions>().BindConfiguration(RecordsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services
            .AddScoped<CareRelationships>()
            .AddScoped<BreakGlass>();
        return builder;
    }
}
