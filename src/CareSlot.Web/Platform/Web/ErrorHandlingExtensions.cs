namespace CareSlot.Web.Platform.Web;

/// <summary>
/// API callers get RFC 9457 problem details for every error; people get an HTML page.
/// </summary>
public static class ErrorHandlingExtensions
{
    public static IServiceCollection AddCareSlotProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier));

    public static WebApplication UseCareSlotErrorHandling(this WebApplication app)
    {
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(context => !IsApi(context), pages =>
        {
            pages.UseExceptionHandler("/error");
            pages.UseStatusCodePagesWithReExecute("/error", "?status={0}");
        });
        return app;
    }

    private static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api/v1") || context.Request.Path.StartsWithSegments("/health");
}
