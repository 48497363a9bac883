using System.Data.Common;
using System.Diagnostics;
using System.Text;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Platform.Security.Encryption;

public enum RotationScope
{
    /// <summary>Every value the current key did not seal: older keys' values and plaintext from before encryption (<c>rotate-keys</c>).</summary>
    NotUnderCurrentKey,

    /// <summary>Only plaintext from before encryption (start-up).</summary>
    Plaintext,
}

/// <param name="Done">Values handled so far, over all columns: re-sealed, or found changed by the app meanwhile.</param>
/// <param name="Total">What the run counted to do when it started.</param>
public sealed record RotationProgress(string Column, long Done, long Total, TimeSpan Elapsed);

/// <param name="Resealed">Values this run re-sealed.</param>
/// <param name="Skipped">Values the app changed between this run's read and its write: the app's value stands.</param>
public sealed record RotationResult(long Resealed, long Skipped, TimeSpan Elapsed);

/// <summary>
/// Re-seals encrypted columns (<see cref="EncryptedColumns"/>) under the current key, in batches: each batch reads the
/// next rows by id (keyset paging) that are not under the current key, and writes them in a transaction of its own,
/// each only where the value is still the one read. An interrupted run loses at most its batch in flight, and running
/// again goes on: what is done no longer matches. No plaintext is ever needed to choose rows: the test is the sealed
/// prefix (<c>substr(column, 1, n) &lt;&gt; 'phi1:k2:'</c>), the same SQL on SQLite and PostgreSQL.
/// </summary>
public sealed class PhiRotation(CareSlotDb db, FieldProtector protector, PhiKeyRing keys, EncryptedColumns columns)
{
    public const int DefaultBatchSize = 500;

    public IReadOnlyList<EncryptedColumn> Columns => columns.Resolve(db.Model);

    /// <summary>How many values <paramref name="scope"/> leaves to do, per column.</summary>
    public Task<IReadOnlyList<(EncryptedColumn Column, long Count)>> CountAsync(RotationScope scope, CancellationToken ct) =>
        CountAsync(Columns, scope, ct);

    public async Task<IReadOnlyList<(EncryptedColumn Column, long Count)>> CountAsync(IReadOnlyList<EncryptedColumn> of, RotationScope scope,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(of);
        var counts = new List<(EncryptedColumn, long)>();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            foreach (var column in of)
            {
                await using var command = Command(column, $"SELECT count(*) FROM {column.QuotedTable} WHERE {Pending(column)}", scope);
                counts.Add((column, Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return counts;
    }

    public Task<RotationResult> RunAsync(RotationScope scope, int batchSize, IProgress<RotationProgress>? progress, CancellationToken ct) =>
        RunAsync(Columns, scope, batchSize, progress, ct);

    /// <summary>Re-seals <paramref name="of"/>; cancelling stops between batches (what is committed stays, the next run goes on).</summary>
    public async Task<RotationResult> RunAsync(IReadOnlyList<EncryptedColumn> of, RotationScope scope, int batchSize,
        IProgress<RotationProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(of);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var clock = Stopwatch.StartNew();
        var total = (await CountAsync(of, scope, ct)).Sum(c => c.Count);
        long resealed = 0, skipped = 0;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            foreach (var column in of)
            {
                object? after = null;
                while (true)
                {
                    ct.ThrowIfCancellationRequested();
                    var rows = await ReadBatchAsync(column, scope, after, batchSize, ct);
                    if (rows.Count == 0) break;
                    var written = await WriteBatchAsync(column, rows, ct);
                    resealed += written;
                    skipped += rows.Count - written;
                    after = rows[^1].Id;
                    progress?.Report(new RotationProgress(column.Name, resealed + skipped, Math.Max(total, resealed + skipped), clock.Elapsed));
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return new RotationResult(resealed, skipped, clock.Elapsed);
    }

    private sealed record Row(object Id, object Value);

    private async Task<List<Row>> ReadBatchAsync(EncryptedColumn column, RotationScope scope, object? after, int batchSize, CancellationToken ct)
    {
        var id = EncryptedColumn.Quote(column.IdColumn);
        var sql = $"SELECT {id}, {EncryptedColumn.Quote(column.Column)} FROM {column.QuotedTable} WHERE {Pending(column)}"
            + (after is null ? "" : $" AND {id} > @after") + $" ORDER BY {id} LIMIT {batchSize}";
        await using var command = Command(column, sql, scope);
        if (after is not null) Add(command, "after", after);
        var rows = new List<Row>(batchSize);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) rows.Add(new Row(reader.GetValue(0), reader.GetValue(1)));
        return rows;
    }

    /// <summary>One transaction; each value is replaced only where it is still the one read, so the app's own write meanwhile stands.</summary>
    private async Task<int> WriteBatchAsync(EncryptedColumn column, List<Row> rows, CancellationToken ct)
    {
        var resealed = rows.Select(row => (row, Value: Reseal(column, row))).ToList();
        var target = EncryptedColumn.Quote(column.Column);
        await using var transaction = await db.Database.GetDbConnection().BeginTransactionAsync(ct);
        var written = 0;
        foreach (var (row, value) in resealed)
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"UPDATE {column.QuotedTable} SET {target} = @new WHERE {EncryptedColumn.Quote(column.IdColumn)} = @id AND {target} = @old";
            Add(command, "new", value);
            Add(command, "id", row.Id);
            Add(command, "old", row.Value);
            written += await command.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return written;
    }

    private object Reseal(EncryptedColumn column, Row row)
    {
        var id = row.Id switch
        {
            Guid guid => guid,
            string text when Guid.TryParse(text, out var parsed) => parsed,
            _ => throw new InvalidOperationException($"{column.Name}: the id of a row is not a Guid."),
        };
        return column.Kind switch
        {
            EncryptedColumnKind.Text when row.Value is string text =>
                protector.Seal(protector.OpenOrLegacy(text, id, column.AssociatedColumn), id, column.AssociatedColumn),
            EncryptedColumnKind.Blob when row.Value is byte[] blob =>
                protector.SealBytes(protector.OpenBytes(blob, id, column.AssociatedColumn), id, column.AssociatedColumn),
            _ => throw new InvalidOperationException($"{column.Name} of row {id} holds neither text nor bytes."),
        };
    }

    /// <summary>The rows still to do, chosen by prefix alone: a value sealed by the current key starts with <c>phi1:KEYID:</c>.</summary>
    private static string Pending(EncryptedColumn column)
    {
        var quoted = EncryptedColumn.Quote(column.Column);
        return $"{quoted} IS NOT NULL AND substr({quoted}, 1, @length) <> @prefix";
    }

    private DbCommand Command(EncryptedColumn column, string sql, RotationScope scope)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        var prefix = scope == RotationScope.Plaintext ? FieldProtector.SealedPrefix : FieldProtector.PrefixOf(keys.Current.Id);
        Add(command, "length", prefix.Length);
        Add(command, "prefix", column.Kind == EncryptedColumnKind.Blob ? Encoding.ASCII.GetBytes(prefix) : prefix);
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
