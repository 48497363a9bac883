namespace CareSlot.Web.Features.Guides;

public static class GuidesRegistration
{
    public static IHostApplicationBuilder AddGuides(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<GuidesOptions>().BindConfiguration(GuidesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<GuideMedia>();
        return builder;
    }
}
