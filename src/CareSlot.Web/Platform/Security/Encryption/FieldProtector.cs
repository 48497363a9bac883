using System.Security.Cryptography;
using System.Text;

namespace CareSlot.Web.Platform.Security.Encryption;

/// <summary>
/// Seals protected health information one field or blob at a time: AES-256-GCM with a random 96-bit nonce, the row's id
/// and the column's name as associated data (a sealed value copied to another row or column does not open), under the
/// key ring's newest key. The sealed value names its key, so older keys keep opening what they sealed.
/// Text is sealed to <c>keyId:base64(nonce ‖ ciphertext ‖ tag)</c>, so a query can find what an old key sealed
/// (<c>LIKE 'old:%'</c>) without any plaintext; blobs to <c>keyId-length ‖ keyId ‖ nonce ‖ ciphertext ‖ tag</c>.
/// </summary>
public sealed class FieldProtector(PhiKeyRing keys)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    public const char KeySeparator = ':';

    public string Seal(string plaintext, Guid rowId, string column)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var key = keys.Newest;
        return key.Id + KeySeparator + Convert.ToBase64String(Encrypt(key, Encoding.UTF8.GetBytes(plaintext), rowId, column));
    }

    public string Open(string sealedText, Guid rowId, string column)
    {
        ArgumentNullException.ThrowIfNull(sealedText);
        var separator = sealedText.IndexOf(KeySeparator, StringComparison.Ordinal);
        if (separator <= 0) throw new CryptographicException($"The value of {column} of row {rowId} is not sealed.");
        var key = keys.Find(sealedText[..separator]);
        return Encoding.UTF8.GetString(Decrypt(key, Convert.FromBase64String(sealedText[(separator + 1)..]), rowId, column));
    }

    public byte[] SealBytes(ReadOnlySpan<byte> plaintext, Guid rowId, string column)
    {
        var key = keys.Newest;
        var id = Encoding.ASCII.GetBytes(key.Id);
        var body = Encrypt(key, plaintext, rowId, column);
        var sealedBlob = new byte[1 + id.Length + body.Length];
        sealedBlob[0] = checked((byte)id.Length);
        id.CopyTo(sealedBlob, 1);
        body.CopyTo(sealedBlob, 1 + id.Length);
        return sealedBlob;
    }

    public byte[] OpenBytes(ReadOnlySpan<byte> sealedBlob, Guid rowId, string column)
    {
        if (sealedBlob.Length < 1 + NonceSize + TagSize || sealedBlob[0] == 0 || sealedBlob.Length < 1 + sealedBlob[0] + NonceSize + TagSize)
            throw new CryptographicException($"The blob of {column} of row {rowId} is not sealed.");
        var key = keys.Find(Encoding.ASCII.GetString(sealedBlob.Slice(1, sealedBlob[0])));
        return Decrypt(key, sealedBlob[(1 + sealedBlob[0])..], rowId, column);
    }

    /// <summary>The id of the key that sealed a text value, e.g. to tell whether rotation has reached it.</summary>
    public static string? KeyIdOf(string sealedText) =>
        sealedText.IndexOf(KeySeparator, StringComparison.Ordinal) is var separator and > 0 ? sealedText[..separator] : null;

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
        aes.Decrypt(body[..NonceSize], body.Slice(NonceSize, plaintext.Length), body[^TagSize..], plaintext, AssociatedData(rowId, column));
        return plaintext;
    }

    private static byte[] AssociatedData(Guid rowId, string column) => Encoding.UTF8.GetBytes($"{rowId:N}/{column}");
}

/// <summary>One 256-bit key of the ring, named by a short id that sealed values carry.</summary>
public sealed record PhiKey(string Id, byte[] Material);
