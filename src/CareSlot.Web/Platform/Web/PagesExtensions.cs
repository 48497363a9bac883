namespace CareSlot.Web.Platform.Web;

public static class PagesExtensions
{
    /// <summary>Pages live beside the rest of their feature, so Razor Pages' root is Features/.</summary>
    public static IServiceCollection AddCareSlotPages(this IServiceCollection services)
    {
        services.AddRazorPages(options => options.RootDirectory = "/Features")
            .AddMvcOptions(options => options.ModelBinderProviders.Insert(0, new InputTextModelBinderProvider()));
        services.Configure<RouteOptions>(options => options.LowercaseUrls = true);
        return services;
    }
}
