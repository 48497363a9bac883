using CareSlot.Web.Platform.Observability;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Platform.Web;

/// <summary>
/// API callers get RFC 9457 problem details for every error; people get an HTML page.
/// </summary>
public static class ErrorHandlingExtensions
{
    public static IServiceCollection AddCareSlotProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // The id the error page would show, so that what a caller quotes finds the entry on the problems page.
            context.ProblemDetails.Extensions.TryAdd("traceId", CorrelationId.Of(context.HttpContext));
            SiteLanguages.SpeakTheRequestsLanguage(context.HttpContext);
            // Titles are fixed English phrases (the framework's "Not Found", the platform's "The request is not valid."),
            // translated here once rather than wherever a problem is made; details carry data and are written translated.
            if (context.ProblemDetails.Title is { } title
                && context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<WebText>>()[title] is { ResourceNotFound: false } translated)
            {
                context.ProblemDetails.Title = translated;
            }
        });
        // First, and it never handles: every unhandled exception is recorded before anyone answers it.
        services.AddSingleton<TechnicalProblemLog>();
        services.AddExceptionHandler<UnhandledErrorRecorder>();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();
        // Outside Development the framework would answer a bare 400 itself; thrown, it reaches the handler above,
        // which names the field, so every environment answers alike.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UseCareSlotErrorHandling(this WebApplication app)
    {
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(context => !IsApi(context), pages =>
        {
            pages.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/error",
                // A form the framework could not read is the sender's mistake, not ours; a database away for a moment is a 503.
                StatusCodeSelector = exception => exception switch
                {
                    BadHttpRequestException badRequest => badRequest.StatusCode,
                    _ when DatabaseUnavailableExceptionHandler.IsTransient(exception) => StatusCodes.Status503ServiceUnavailable,
                    _ => StatusCodes.Status500InternalServerError,
                },
            });
            pages.UseStatusCodePagesWithReExecute("/error", "?status={0}");
        });
        return app;
    }

    internal static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api/v1") || context.Request.Path.StartsWithSegments("/health");
}
