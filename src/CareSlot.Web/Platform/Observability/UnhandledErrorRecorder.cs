using CareSlot.Web.Platform.Web;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Routing.Patterns;

namespace CareSlot.Web.Platform.Observability;

/// <summary>
/// Records every unhandled exception of a request (pages and API alike) for the problems page, then lets the next handler
/// answer: it never handles one itself. A request the framework could not read is the client's mistake, not a problem of ours.
/// </summary>
public sealed class UnhandledErrorRecorder(TechnicalProblemLog log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is BadHttpRequestException || httpContext.RequestAborted.IsCancellationRequested) return false;
        await log.RecordUnhandledErrorAsync(Source(httpContext), CorrelationId.Of(httpContext), exception, CancellationToken.None);
        return false;
    }

    /// <summary>The method and the route's template: grouping by it puts /doctors/7 and /doctors/8 together, and names nobody.</summary>
    private static string Source(HttpContext context)
    {
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        var template = endpoint is RouteEndpoint route ? "/" + route.RoutePattern.RawText?.TrimStart('/') : "(no route)";
        return $"{context.Request.Method} {template}";
    }
}
