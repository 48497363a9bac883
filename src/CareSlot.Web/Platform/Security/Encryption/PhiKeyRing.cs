using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace CareSlot.Web.Platform.Security.Encryption;

/// <summary>
/// The keys that seal protected health information: the current one seals, every one still opens what it sealed.
/// Loaded once at start from outside the database (<see cref="PhiKeysOptions"/>, <see cref="PhiKeySources"/>).
/// </summary>
public sealed class PhiKeyRing
{
    /// <summary>Key ids are 1 to 16 of a–z and 0–9: safe in a file name, an environment variable's name and the sealed prefix.</summary>
    public const int MaxKeyIdLength = 16;

    public const int KeySize = 32;

    private readonly Dictionary<string, PhiKey> byId;

    /// <summary>A ring whose last key is the current one.</summary>
    public PhiKeyRing(IReadOnlyList<PhiKey> keys)
        : this(keys, keys is { Count: > 0 } ? keys[^1].Id : "")
    {
    }

    public PhiKeyRing(IReadOnlyList<PhiKey> keys, string currentKeyId)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0) throw new ArgumentException("The key ring needs at least one key.", nameof(keys));
        byId = new Dictionary<string, PhiKey>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (!IsValidKeyId(key.Id)) throw new ArgumentException($"'{key.Id}' is not a key id: 1 to {MaxKeyIdLength} of a-z and 0-9.", nameof(keys));
            if (key.Material.Length != KeySize) throw new ArgumentException($"Key '{key.Id}' is not {KeySize} bytes long.", nameof(keys));
            if (!byId.TryAdd(key.Id, key)) throw new ArgumentException($"Key '{key.Id}' is in the ring twice.", nameof(keys));
        }
        Current = byId.TryGetValue(currentKeyId, out var current)
            ? current
            : throw new ArgumentException($"The current key '{currentKeyId}' is not in the ring.", nameof(currentKeyId));
    }

    /// <summary>The key that seals everything new.</summary>
    public PhiKey Current { get; }

    /// <summary>The same as <see cref="Current"/>: the key that seals, whatever its age.</summary>
    public PhiKey Newest => Current;

    public IReadOnlyCollection<PhiKey> All => byId.Values;

    public PhiKey Find(string id) =>
        byId.TryGetValue(id, out var key) ? key : throw new CryptographicException($"No key '{id}' in the key ring.");

    public bool TryFind(string id, [MaybeNullWhen(false)] out PhiKey key) => byId.TryGetValue(id, out key);

    public static bool IsValidKeyId([NotNullWhen(true)] string? id) =>
        id is { Length: > 0 and <= MaxKeyIdLength } && id.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9');

    /// <summary>A fresh key as it is written to a key file or variable: 32 random bytes, base64.</summary>
    public static string NewKeyText() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySize));
}
