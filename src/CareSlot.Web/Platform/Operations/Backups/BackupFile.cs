using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Encryption;
using NodaTime;

namespace CareSlot.Web.Platform.Operations.Backups;

/// <summary>What a backup says about itself, in the clear, before its encrypted body.</summary>
/// <param name="Schema">The last migration the database had: a build that does not know it must not restore it.</param>
/// <param name="KeyId">The health-information key the body's key was derived from: the backup opens only with that key.</param>
public sealed record BackupHeader(int Format, DatabaseProvider Provider, string Schema, DateTimeOffset CreatedAt, string KeyId, string Salt, int ChunkSize);

/// <summary>Refused: the file is not a backup, was altered or cut short, or its key is not in the ring.</summary>
public sealed class BackupRefusedException(string message) : Exception(message);

/// <summary>
/// The backup file: the magic, a length-prefixed JSON header, then the database's own dump in chunks, each sealed with
/// AES-256-GCM. The key is derived (HKDF-SHA256, a random salt per file) from a key of the health-information key ring,
/// so a backup opens only where that ring is — and a stolen backup without the ring is ciphertext. Each chunk's nonce is
/// random and its associated data binds it to the header, its place and whether it is the last, so chunks cannot be
/// swapped, dropped or the file cut short without the restore noticing.
/// </summary>
public static class BackupFile
{
    public const string Extension = ".csbackup";
    public const string ChecksumExtension = ".sha256";
    public const int CurrentFormat = 1;
    private const int DefaultChunkSize = 1 << 20;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Magic = "CSBACKUP"u8.ToArray();
    private static readonly byte[] KeyInfo = "careslot backup v1"u8.ToArray();
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>Seals everything <paramref name="plain"/> gives into <paramref name="sealedOutput"/>; reports plaintext bytes done.</summary>
    public static async Task WriteAsync(Stream plain, Stream sealedOutput, BackupHeader header, PhiKeyRing keys, IProgress<long>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plain);
        ArgumentNullException.ThrowIfNull(sealedOutput);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(keys);
        var headerBytes = JsonSerializer.SerializeToUtf8Bytes(header, Json);
        await sealedOutput.WriteAsync(Magic, ct);
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, headerBytes.Length);
        await sealedOutput.WriteAsync(length, ct);
        await sealedOutput.WriteAsync(headerBytes, ct);

        using var aes = new AesGcm(DeriveKey(keys.Find(header.KeyId), header), TagSize);
        var headerHash = SHA256.HashData(headerBytes);
        var buffer = new byte[header.ChunkSize];
        var next = new byte[header.ChunkSize];
        var filled = await FillAsync(plain, buffer, ct);
        long index = 0, done = 0;
        while (true)
        {
            var nextFilled = filled == buffer.Length ? await FillAsync(plain, next, ct) : 0;
            var last = nextFilled == 0;
            await WriteChunkAsync(sealedOutput, aes, headerHash, index++, last, buffer.AsMemory(0, filled), ct);
            done += filled;
            progress?.Report(done);
            if (last) break;
            (buffer, next) = (next, buffer);
            filled = nextFilled;
        }
        await sealedOutput.FlushAsync(ct);
    }

    /// <summary>Reads the header only: what a backup is, without its key.</summary>
    public static async Task<BackupHeader> ReadHeaderAsync(Stream sealedInput, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sealedInput);
        var magic = new byte[Magic.Length];
        if (await FillAsync(sealedInput, magic, ct) != magic.Length || !magic.AsSpan().SequenceEqual(Magic))
        {
            throw new BackupRefusedException("This is not a CareSlot backup.");
        }
        var length = new byte[4];
        if (await FillAsync(sealedInput, length, ct) != 4) throw new BackupRefusedException("The backup is cut short in its header.");
        var size = BinaryPrimitives.ReadInt32BigEndian(length);
        if (size is < 2 or > 64 * 1024) throw new BackupRefusedException("The backup's header is damaged.");
        var headerBytes = new byte[size];
        if (await FillAsync(sealedInput, headerBytes, ct) != size) throw new BackupRefusedException("The backup is cut short in its header.");
        BackupHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<BackupHeader>(headerBytes, Json);
        }
        catch (JsonException)
        {
            header = null;
        }
        if (header is null || header.Format != CurrentFormat || header.ChunkSize is < 1024 or > 64 << 20)
        {
            throw new BackupRefusedException(header is { Format: > CurrentFormat }
                ? $"The backup is in format {header.Format}; this version of CareSlot reads format {CurrentFormat}. Restore it with a newer CareSlot."
                : "The backup's header is damaged.");
        }
        return header;
    }

    /// <summary>Opens the body after <see cref="ReadHeaderAsync"/> and writes the plaintext dump to <paramref name="plain"/>.</summary>
    public static async Task ReadBodyAsync(Stream sealedInput, BackupHeader header, PhiKeyRing keys, Stream plain, IProgress<long>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sealedInput);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(plain);
        if (!keys.TryFind(header.KeyId, out var key))
        {
            throw new BackupRefusedException($"The backup was sealed with key '{header.KeyId}', which is not in this key ring. Add that key (Security:PhiKeys) and try again.");
        }
        using var aes = new AesGcm(DeriveKey(key, header), TagSize);
        var headerHash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(header, Json));
        var prefix = new byte[1 + 4 + NonceSize];
        var body = new byte[header.ChunkSize + TagSize];
        var clear = new byte[header.ChunkSize];
        long index = 0, done = 0;
        while (true)
        {
            if (await FillAsync(sealedInput, prefix, ct) != prefix.Length) throw new BackupRefusedException("The backup is cut short.");
            var last = prefix[0] switch
            {
                0 => false,
                1 => true,
                _ => throw new BackupRefusedException("The backup is damaged."),
            };
            var length = BinaryPrimitives.ReadInt32BigEndian(prefix.AsSpan(1, 4));
            if (length < 0 || length > header.ChunkSize) throw new BackupRefusedException("The backup is damaged.");
            if (await FillAsync(sealedInput, body.AsMemory(0, length + TagSize), ct) != length + TagSize) throw new BackupRefusedException("The backup is cut short.");
            try
            {
                aes.Decrypt(prefix.AsSpan(5, NonceSize), body.AsSpan(0, length), body.AsSpan(length, TagSize), clear.AsSpan(0, length),
                    AssociatedData(headerHash, index, last));
            }
            catch (AuthenticationTagMismatchException)
            {
                throw new BackupRefusedException($"The backup was altered or damaged (part {index + 1} does not open).");
            }
            await plain.WriteAsync(clear.AsMemory(0, length), ct);
            done += length;
            progress?.Report(done);
            index++;
            if (last) break;
        }
        if (sealedInput.ReadByte() != -1) throw new BackupRefusedException("The backup has data after its end.");
        await plain.FlushAsync(ct);
    }

    public static BackupHeader NewHeader(DatabaseProvider provider, string schema, Instant createdAt, PhiKeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return new(CurrentFormat, provider, schema, createdAt.ToDateTimeOffset(), keys.Current.Id, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), DefaultChunkSize);
    }

    /// <summary>SHA-256 of the whole file, lower-case hex, as <c>sha256sum</c> prints it.</summary>
    public static async Task<string> ChecksumAsync(string path, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
    }

    /// <summary>The side file <c>sha256sum -c</c> checks.</summary>
    public static Task WriteChecksumFileAsync(string path, string checksum, CancellationToken ct) =>
        File.WriteAllTextAsync(path + ChecksumExtension, $"{checksum}  {Path.GetFileName(path)}\n", Encoding.ASCII, ct);

    /// <summary>The checksum the side file holds, or null without one.</summary>
    public static async Task<string?> ExpectedChecksumAsync(string path, CancellationToken ct)
    {
        var side = path + ChecksumExtension;
        if (!File.Exists(side)) return null;
        var text = await File.ReadAllTextAsync(side, ct);
        return text.Split(' ', 2)[0].Trim().ToLowerInvariant();
    }

    private static byte[] DeriveKey(PhiKey key, BackupHeader header) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Material, 32, Convert.FromBase64String(header.Salt), KeyInfo);

    private static async Task WriteChunkAsync(Stream output, AesGcm aes, byte[] headerHash, long index, bool last, ReadOnlyMemory<byte> clear, CancellationToken ct)
    {
        var prefix = new byte[1 + 4 + NonceSize];
        prefix[0] = last ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt32BigEndian(prefix.AsSpan(1, 4), clear.Length);
        RandomNumberGenerator.Fill(prefix.AsSpan(5, NonceSize));
        var sealedBytes = new byte[clear.Length + TagSize];
        aes.Encrypt(prefix.AsSpan(5, NonceSize), clear.Span, sealedBytes.AsSpan(0, clear.Length), sealedBytes.AsSpan(clear.Length, TagSize),
            AssociatedData(headerHash, index, last));
        await output.WriteAsync(prefix, ct);
        await output.WriteAsync(sealedBytes, ct);
    }

    private static byte[] AssociatedData(byte[] headerHash, long index, bool last)
    {
        var data = new byte[headerHash.Length + 9];
        headerHash.CopyTo(data, 0);
        BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(headerHash.Length, 8), index);
        data[^1] = last ? (byte)1 : (byte)0;
        return data;
    }

    private static async Task<int> FillAsync(Stream stream, Memory<byte> buffer, CancellationToken ct)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer[total..], ct);
            if (read == 0) break;
            total += read;
        }
        return total;
    }
}
