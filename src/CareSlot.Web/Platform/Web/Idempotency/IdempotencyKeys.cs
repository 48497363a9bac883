using System.Collections.Concurrent;
using Microsoft.OpenApi;

namespace CareSlot.Web.Platform.Web.Idempotency;

/// <summary>Rebuilds the answer of a request that committed but whose answer was never stored, from what it created or changed.</summary>
public delegate Task<IResult> RebuildAnswer(HttpContext http, string resourceId, CancellationToken ct);

/// <summary>
/// The <c>Idempotency-Key</c> header on unsafe endpoints: a client whose answer was lost retries with the same key and gets
/// the original answer instead of a second change (docs/adr/0005-idempotency-keys.md).
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotency-Replayed";
    public const string SweepIntervalSetting = "Idempotency:SweepIntervalMinutes";

    public static IServiceCollection AddIdempotencyKeys(this IServiceCollection services) => services
        .AddSingleton<KeysInFlight>()
        .AddHostedService<IdempotencyKeySweeper>();

    /// <summary>
    /// Guards the endpoint with the optional header. The change must be saved through the request's <c>CareSlotDb</c>
    /// (the key's record rides in that save), and it must touch one <typeparamref name="TResource"/>, whose id
    /// <paramref name="resourceId"/> reads so that <paramref name="rebuild"/> can answer again after a crash.
    /// </summary>
    public static RouteHandlerBuilder WithIdempotencyKey<TResource>(this RouteHandlerBuilder endpoint, Func<TResource, string> resourceId,
        RebuildAnswer rebuild) where TResource : class => endpoint
        .AddEndpointFilter(new IdempotencyFilter<TResource>(resourceId, rebuild))
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = Header,
                In = ParameterLocation.Header,
                Required = false,
                Description = "Optional, 1–255 printable ASCII characters, chosen by the client per request. A retry with the same key " +
                    "and the same request within 24 hours answers the original status, body and Location again, with " +
                    $"`{ReplayedHeader}: true`, without repeating the change; the same key with another request answers 422, and one " +
                    "still running answers 409.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyRecord.KeyMaxLength },
            });
            return Task.CompletedTask;
        });

    /// <summary>1–255 printable ASCII characters (space to tilde).</summary>
    public static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= IdempotencyRecord.KeyMaxLength } && key.All(c => c is >= ' ' and <= '~');
}

/// <summary>
/// The keys this instance is running now, so that a retry arriving meanwhile is told to wait instead of queueing behind the
/// first on the database's locks. Only a shortcut: across instances the record's primary key decides.
/// </summary>
internal sealed class KeysInFlight
{
    private readonly ConcurrentDictionary<(Guid AccountId, string Key), string> running = new();

    public bool TryStart(Guid accountId, string key, string requestHash, out string runningHash)
    {
        runningHash = requestHash;
        if (running.TryAdd((accountId, key), requestHash)) return true;
        if (running.TryGetValue((accountId, key), out var other)) runningHash = other;
        return false;
    }

    public void Finish(Guid accountId, string key) => running.TryRemove((accountId, key), out _);
}
