using System.Security.Cryptography;

namespace CareSlot.Web.Platform.Security.Encryption;

/// <summary>The keys that seal protected health information: the newest seals, every one still opens what it sealed.</summary>
public sealed class PhiKeyRing
{
    private readonly Dictionary<string, PhiKey> byId;

    public PhiKeyRing(IReadOnlyList<PhiKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0) throw new ArgumentException("The key ring needs at least one key.", nameof(keys));
        byId = keys.ToDictionary(k => k.Id, StringComparer.Ordinal);
        Newest = keys[^1];
    }

    public PhiKey Newest { get; }

    public IReadOnlyCollection<PhiKey> All => byId.Values;

    public PhiKey Find(string id) =>
        byId.TryGetValue(id, out var key) ? key : throw new CryptographicException($"No key '{id}' in the key ring.");
}

public static class FieldEncryptionExtensions
{
    public static IServiceCollection AddFieldEncryption(this IServiceCollection services)
    {
        services.AddSingleton(_ => new PhiKeyRing([new PhiKey("k1", RandomNumberGenerator.GetBytes(32))]));
        services.AddSingleton<FieldProtector>();
        return services;
    }
}
