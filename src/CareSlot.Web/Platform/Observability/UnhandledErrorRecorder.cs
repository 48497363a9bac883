using CareSlot.Web.Platform.Web;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Routing.Patterns;

namespace CareSlot.Web.Platform.Observability;

/// <summary>
/// Records every unhandled exception of a request (pages and API alike) for the problems page, then lets the next handler
/// answer: it never handles one itself. A request the framework could not read is the client's mistake, not a problem of ours.
/// A database away for a moment is counted on /metrics instead: the problems table lives in that database, and writing to
/// it would only make the 503 wait for a second failed connection (up to the connection time-out when the server is
/// unreachable rather than refusing).
/// </summary>
public sealed class UnhandledErrorRecorder(TechnicalProblemLog log, CareSlotMetrics metrics) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is BadHttpRequestException || httpContext.RequestAborted.IsCancellationRequested) return false;
        if (DatabaseUnavailableExceptionHandler.IsTransient(exception))
        {
            metrics.DatabaseUnavailable();
            return false;
        }
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
