using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Net.Http.Headers;
using Npgsql;

namespace CareSlot.Web.Platform.Web;

/// <summary>
/// A database that is restarting, unreachable, out of connections or busy is a moment's outage, not a fault in the
/// request: 503 with Retry-After tells people and clients to try again (a proxy or client that retries on 503 then
/// recovers by itself), where a 500 would say the request broke something. Pages get the error page with the same status
/// (ErrorHandlingExtensions selects it); the API gets a problem here.
/// </summary>
public sealed class DatabaseUnavailableExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    /// <summary>Long enough for a pool to reconnect after a fast restart (about 2 s measured), short enough not to lose anyone.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsTransient(exception) || !ErrorHandlingExtensions.IsApi(httpContext)) return false;

        AddRetryAfter(httpContext.Response);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = "The service is briefly unavailable. Please try again in a moment." },
            Exception = exception,
        });
    }

    public static void AddRetryAfter(HttpResponse response) =>
        response.Headers[HeaderNames.RetryAfter] = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Npgsql's own verdict (a broken or refused connection, a timeout, a full pool, a server shutting down), also for each
    /// host a multi-host data source tried; such a source knowing of no primary online just now (Npgsql gives that neither
    /// a SQL state nor the transient flag: the 3-instance restart test met it 63 times in 2 s); or SQLite still busy or
    /// locked when its timeout ran out (Microsoft.Data.Sqlite does not call that transient itself). Wherever EF Core
    /// wrapped it.
    /// </summary>
    public static bool IsTransient(Exception? exception) => exception switch
    {
        null => false,
        DbException { IsTransient: true } => true,
        NpgsqlException { Message: NoSuitableHost } => true,
        SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED } => true,
        AggregateException every => every.InnerExceptions.Count > 0 && every.InnerExceptions.All(IsTransient),
        _ => IsTransient(exception.InnerException),
    };

    /// <summary>NpgsqlMultiHostDataSource's words when no host of the asked kind is online (Npgsql 10).</summary>
    internal const string NoSuitableHost = "No suitable host was found.";
}
