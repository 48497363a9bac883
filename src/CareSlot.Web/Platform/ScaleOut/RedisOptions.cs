namespace CareSlot.Web.Platform.ScaleOut;

/// <summary>
/// The Redis that N instances share (section "Redis"). Without <see cref="Configuration"/> the app is one instance's
/// worth of machinery, exactly as before: memory for the output cache, the rate limits and SignalR.
/// </summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>; empty: no Redis.</summary>
    public string? Configuration { get; set; }

    /// <summary>What every key and channel CareSlot writes starts with, so a Redis shared with other apps stays apart.</summary>
    public const string Prefix = "careslot";

    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{Section}:{nameof(Configuration)}"]);
}
