using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Platform.Operations.Backups;

/// <summary>One table as a restore drill compares it: its rows and a hash of their content, independent of row order.</summary>
public sealed record TableFingerprint(string Table, long Rows, string ContentHash);

/// <summary>
/// Every table's row count and content hash, read with plain SQL so that what is compared is what the database holds,
/// not what the model maps. Rows are hashed one by one and the hashes sorted, so physical order does not matter.
/// </summary>
public static class DatabaseFingerprint
{
    public static async Task<IReadOnlyList<TableFingerprint>> TakeAsync(CareSlotDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sqlite = db.Database.IsSqlite();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var tables = new List<string>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = sqlite
                    ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                    : "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = 'public' ORDER BY tablename";
                await using var reader = await list.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) tables.Add(reader.GetString(0));
            }
            var fingerprints = new List<TableFingerprint>();
            foreach (var table in tables) fingerprints.Add(await TakeAsync(connection, table, ct));
            return fingerprints;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<TableFingerprint> TakeAsync(DbConnection connection, string table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rowHashes = new List<byte[]>();
        var row = new StringBuilder();
        while (await reader.ReadAsync(ct))
        {
            row.Clear();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var value = reader.IsDBNull(i) ? "\u2400" : Format(reader.GetValue(i));
                row.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('|');
            }
            rowHashes.Add(SHA256.HashData(Encoding.UTF8.GetBytes(row.ToString())));
        }
        rowHashes.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var hash in rowHashes) all.AppendData(hash);
        return new TableFingerprint(table, rowHashes.Count, Convert.ToHexStringLower(all.GetHashAndReset()));
    }

    private static string Format(object value) => value switch
    {
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
