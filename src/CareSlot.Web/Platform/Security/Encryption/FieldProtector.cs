using System.Security.Cryptography;
using System.Text;

namespace CareSlot.Web.Platform.Security.Encryption;

/// <summary>
/// Seals protected health information one field or blob at a time: AES-256-GCM with a random 96-bit nonce, the row's id
/// and the column's name as associated data (a sealed value copied to another row or column does not open), under the
/// key ring's current key. The sealed value names its key, so older keys keep opening what they sealed.
/// <para>
/// Text is sealed to <c>phi1:KEYID:base64(nonce ‖ ciphertext ‖ tag)</c>; a blob to the ASCII bytes of <c>phi1:KEYID:</c>
/// followed by <c>nonce ‖ ciphertext ‖ tag</c>. The same prefix in both, so one SQL test (<c>substr(column, 1, n) &lt;&gt;
/// 'phi1:k2:'</c>, see <see cref="PrefixOf"/>) finds every value the current key did not seal, without any plaintext,
/// and <c>phi1:</c> alone tells sealed text from text stored before encryption (a reason such as "Pain: knee" has a
/// colon too, but not that prefix). ADR 0013.
/// </para>
/// </summary>
public sealed class FieldProtector(PhiKeyRing keys)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>The format's name and version; a later format would be <c>phi2:</c>, and both would open side by side.</summary>
    public const string Version = "phi1";

    public const char Separator = ':';

    /// <summary>What every sealed value starts with: <c>phi1:</c>.</summary>
    public const string SealedPrefix = "phi1:";

    /// <summary>What a value sealed by <paramref name="keyId"/> starts with, as text: <c>phi1:k2:</c>. Its bytes are the blob prefix.</summary>
    public static string PrefixOf(string keyId) => SealedPrefix + keyId + Separator;

    /// <summary>The longest a sealed text gets for a plaintext of at most <paramref name="maxChars"/> UTF-16 characters: for the column's length.</summary>
    public static int SealedLength(int maxChars) =>
        PrefixOf(new string('k', PhiKeyRing.MaxKeyIdLength)).Length + (checked((maxChars * 3) + NonceSize + TagSize + 2) / 3 * 4);

    public string Seal(string plaintext, Guid rowId, string column)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var key = keys.Current;
        return PrefixOf(key.Id) + Convert.ToBase64String(Encrypt(key, Encoding.UTF8.GetBytes(plaintext), rowId, column));
    }

    public string Open(string sealedText, Guid rowId, string column)
    {
        ArgumentNullException.ThrowIfNull(sealedText);
        if (!IsSealed(sealedText)) throw new CryptographicException($"The value of {column} of row {rowId} is not sealed.");
        var keyIdEnd = sealedText.IndexOf(Separator, SealedPrefix.Length);
        if (keyIdEnd < 0) throw new CryptographicException($"The value of {column} of row {rowId} names no key.");
        var key = Find(sealedText[SealedPrefix.Length..keyIdEnd], rowId, column);
        byte[] body;
        try
        {
            body = Convert.FromBase64String(sealedText[(keyIdEnd + 1)..]);
        }
        catch (FormatException)
        {
            throw new CryptographicException($"The value of {column} of row {rowId} is damaged.");
        }
        return Encoding.UTF8.GetString(Decrypt(key, body, rowId, column));
    }

    /// <summary>
    /// Opens sealed text, or hands back unchanged text stored before the column was encrypted (no <c>phi1:</c> prefix),
    /// which start-up and <c>rotate-keys</c> seal (<see cref="PhiRotation"/>). Only for columns that had plaintext once.
    /// </summary>
    public string OpenOrLegacy(string storedText, Guid rowId, string column)
    {
        ArgumentNullException.ThrowIfNull(storedText);
        return IsSealed(storedText) ? Open(storedText, rowId, column) : storedText;
    }

    public byte[] SealBytes(ReadOnlySpan<byte> plaintext, Guid rowId, string column)
    {
        var key = keys.Current;
        var prefix = Encoding.ASCII.GetBytes(PrefixOf(key.Id));
        var body = Encrypt(key, plaintext, rowId, column);
        var sealedBlob = new byte[prefix.Length + body.Length];
        prefix.CopyTo(sealedBlob, 0);
        body.CopyTo(sealedBlob, prefix.Length);
        return sealedBlob;
    }

    public byte[] OpenBytes(ReadOnlySpan<byte> sealedBlob, Guid rowId, string column)
    {
        var keyId = KeyIdOf(sealedBlob) ?? throw new CryptographicException($"The blob of {column} of row {rowId} is not sealed.");
        var key = Find(keyId, rowId, column);
        return Decrypt(key, sealedBlob[PrefixOf(keyId).Length..], rowId, column);
    }

    /// <summary>Whether text is sealed (by any key, known or not), as opposed to stored before encryption.</summary>
    public static bool IsSealed(string storedText) => storedText?.StartsWith(SealedPrefix, StringComparison.Ordinal) == true;

    /// <summary>The id of the key that sealed a text value, e.g. to tell whether rotation has reached it; null when not sealed.</summary>
    public static string? KeyIdOf(string sealedText)
    {
        if (!IsSealed(sealedText)) return null;
        var end = sealedText.IndexOf(Separator, SealedPrefix.Length);
        return end > SealedPrefix.Length ? sealedText[SealedPrefix.Length..end] : null;
    }

    /// <summary>The id of the key that sealed a blob; null when it is not a sealed blob.</summary>
    public static string? KeyIdOf(ReadOnlySpan<byte> sealedBlob)
    {
        var prefix = Encoding.ASCII.GetBytes(SealedPrefix);
        if (!sealedBlob.StartsWith(prefix)) return null;
        var rest = sealedBlob[prefix.Length..];
        var end = rest[..Math.Min(rest.Length, PhiKeyRing.MaxKeyIdLength + 1)].IndexOf((byte)Separator);
        if (end <= 0) return null;
        var id = Encoding.ASCII.GetString(rest[..end]);
        return PhiKeyRing.IsValidKeyId(id) ? id : null;
    }

    private PhiKey Find(string keyId, Guid rowId, string column) =>
        keys.TryFind(keyId, out var key)
            ? key
            : throw new CryptographicException(
                $"The value of {column} of row {rowId} is sealed with key '{keyId}', which is not in the key ring (Security:PhiKeys). Add that key again to read it.");

    private static byte[] Encrypt(PhiKey key, ReadOnlySpan<byte> plaintext, Guid rowId, string column)
    {
        var output = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.Material, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length), AssociatedData(rowId, column));
        return output;
    }

    private static byte[] Decrypt(PhiKey key, ReadOnlySpan<byte> body, Guid rowId, string column)
    {
        if (body.Length < NonceSize + TagSize) throw new CryptographicException($"The value of {column} of row {rowId} is truncated.");
        var plaintext = new byte[body.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key.Material, TagSize);
        try
        {
            aes.Decrypt(body[..NonceSize], body.Slice(NonceSize, plaintext.Length), body[^TagSize..], plaintext, AssociatedData(rowId, column));
        }
        catch (AuthenticationTagMismatchException)
        {
            // The same words whether the value was altered, moved to another row or column, or sealed under another key material.
            throw new CryptographicException($"The value of {column} of row {rowId} does not open: altered, or not sealed for this row and column.");
        }
        return plaintext;
    }

    private static byte[] AssociatedData(Guid rowId, string column) => Encoding.UTF8.GetBytes($"{rowId:N}/{column}");
}

/// <summary>One 256-bit key of the ring, named by a short id that sealed values carry.</summary>
public sealed record PhiKey(string Id, byte[] Material);
