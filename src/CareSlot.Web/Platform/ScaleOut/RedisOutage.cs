using StackExchange.Redis;

namespace CareSlot.Web.Platform.ScaleOut;

/// <summary>
/// Whether Redis is failing, as the cache, the limits and the hubs find out. The site goes on without it (a cache miss,
/// per-instance limits, no cross-instance push), and an outage is logged once when it starts and once when it ends:
/// a warning per request would bury everything else in the log exactly when someone reads it.
/// </summary>
public sealed partial class RedisOutage(ILogger<RedisOutage> logger)
{
    private int down;

    public bool IsDown => Volatile.Read(ref down) == 1;

    /// <summary>Errors that mean Redis cannot answer now (not a bug of ours): connection lost, refused, timed out.</summary>
    public static bool IsRedisFailure(Exception exception) => exception is RedisException or TimeoutException;

    /// <summary>A Redis call failed; <paramref name="what"/> says which part carries on without it.</summary>
    public void Failed(string what, Exception exception)
    {
        // Not the exception itself: its message names the key, and an output cache key holds the query string.
        if (Interlocked.Exchange(ref down, 1) == 0)
        {
            LogOutage(logger, what, exception.GetType().Name, (exception as RedisConnectionException)?.FailureType.ToString() ?? "-");
        }
    }

    /// <summary>A Redis call succeeded; ends an outage if one was logged.</summary>
    public void Succeeded()
    {
        if (Volatile.Read(ref down) == 1 && Interlocked.Exchange(ref down, 0) == 1) LogRecovery(logger);
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning,
        Message = "Redis cannot be reached ({Part} noticed first: {ErrorType}, {FailureType}); the output cache, the rate limits and live updates work per instance until it is back.")]
    private static partial void LogOutage(ILogger logger, string part, string errorType, string failureType);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Redis answers again; the cache, the limits and live updates are shared again.")]
    private static partial void LogRecovery(ILogger logger);
}
