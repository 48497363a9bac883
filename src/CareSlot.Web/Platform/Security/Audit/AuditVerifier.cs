using System.Globalization;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Platform.Security.Audit;

/// <summary>What verifying the chain found: the first row that does not hold, or none.</summary>
/// <param name="RowsChecked">Rows read and found sound before the first problem (all of them when there is none).</param>
/// <param name="BrokenSequence">The first row that does not hold; for rows missing from the end, the head's sequence.</param>
/// <param name="Head">The chain head as stored: "sequence:hash", to be noted elsewhere and given to a later run as an anchor.</param>
public sealed record AuditVerification(long RowsChecked, long? BrokenSequence, Instant? BrokenAt, string? Problem, string Head)
{
    public bool Intact => Problem is null;
}

/// <summary>
/// Walks the audit trail from row 1 in order, recomputing every hash (`verify-audit`). A row whose fields no longer
/// give its hash was altered; a row whose previous hash is not the hash before it follows a changed or replaced row;
/// a jump in the sequence is a deletion, named at the row after the gap; a head ahead of the last row means rows were
/// deleted from the end. What it cannot see: a rewrite of the whole chain from some row on, head included, by someone
/// who can write the database (docs/adr/0014: anchors).
/// </summary>
public sealed class AuditVerifier(CareSlotDb db)
{
    private const int BatchSize = 5_000;
    private static readonly InstantPattern AtText = InstantPattern.ExtendedIso;

    /// <param name="anchor">"sequence:hash" noted from an earlier run: the row must still have that hash.</param>
    /// <param name="progress">Called with (rows checked, rows in all) every so often, for long chains.</param>
    public async Task<AuditVerification> VerifyAsync(string? anchor, Action<long, long>? progress, CancellationToken ct)
    {
        var (anchorSequence, anchorHash) = ParseAnchor(anchor);
        var head = await db.Set<AuditChainHead>().AsNoTracking().SingleOrDefaultAsync(h => h.Id == AuditChainHead.TheId, ct);
        if (head is null) return new(0, null, null, "The chain head row is missing: it was deleted, or the AuditTrail migration never ran.", "");
        var headText = $"{head.Sequence.ToString(CultureInfo.InvariantCulture)}:{head.Hash.Trim()}";
        var total = await db.Set<AuditEntry>().LongCountAsync(ct);

        var checkedRows = 0L;
        var expectedSequence = 1L;
        var previousHash = AuditHash.Genesis;
        var anchorSeen = anchorSequence is null;
        var reportEvery = Math.Max(BatchSize, total / 20);
        while (true)
        {
            var after = expectedSequence - 1;
            List<AuditEntry> batch;
            try
            {
                batch = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(BatchSize).ToListAsync(ct);
            }
            catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException)
            {
                var unreadable = await UnreadableRowAsync(after, ct);
                return new(checkedRows, unreadable, null, "a field holds a value the app never writes (it cannot be read): the row was altered.", headText);
            }
            foreach (var row in batch)
            {
                if (Problem(row, expectedSequence, previousHash) is { } problem) return new(checkedRows, row.Sequence, row.At, problem, headText);
                if (row.Sequence == anchorSequence)
                {
                    if (!string.Equals(row.Hash.Trim(), anchorHash, StringComparison.Ordinal))
                    {
                        return new(checkedRows, row.Sequence, row.At,
                            "its hash is not the one noted as the anchor: the chain was rewritten from this row or before it, hashes included.", headText);
                    }
                    anchorSeen = true;
                }
                previousHash = row.Hash.Trim();
                expectedSequence++;
                checkedRows++;
                if (checkedRows % reportEvery == 0) progress?.Invoke(checkedRows, total);
            }
            if (batch.Count < BatchSize) break;
        }

        var last = expectedSequence - 1;
        if (head.Sequence != last || !string.Equals(head.Hash.Trim(), previousHash, StringComparison.Ordinal))
        {
            return head.Sequence > last
                ? new(checkedRows, head.Sequence, null, string.Create(CultureInfo.InvariantCulture,
                    $"rows {last + 1} to {head.Sequence} are missing from the end: the chain head says the last row is {head.Sequence}, the table ends at {last}."), headText)
                : new(checkedRows, last, null, string.Create(CultureInfo.InvariantCulture,
                    $"the chain head (row {head.Sequence}) does not match the last row ({last}): the head or the last row was changed."), headText);
        }
        if (!anchorSeen)
        {
            return new(checkedRows, anchorSequence, null, "the anchor's row is not in the trail any more: the chain was cut back or rewritten.", headText);
        }
        return new(checkedRows, null, null, null, headText);
    }

    /// <summary>The first row after <paramref name="after"/> that cannot be loaded, read one by one.</summary>
    private async Task<long> UnreadableRowAsync(long after, CancellationToken ct)
    {
        var sequences = await db.Set<AuditEntry>().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(BatchSize).Select(e => e.Sequence).ToListAsync(ct);
        foreach (var sequence in sequences)
        {
            try
            {
                await db.Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Sequence == sequence, ct);
            }
            catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException)
            {
                return sequence;
            }
        }
        return after + 1;
    }

    private static string? Problem(AuditEntry row, long expectedSequence, string previousHash)
    {
        if (row.Sequence != expectedSequence)
        {
            return expectedSequence == row.Sequence - 1
                ? string.Create(CultureInfo.InvariantCulture, $"row {expectedSequence} before it is missing (deleted).")
                : string.Create(CultureInfo.InvariantCulture, $"rows {expectedSequence} to {row.Sequence - 1} before it are missing (deleted).");
        }
        if (!string.Equals(AuditHash.Of(row), row.Hash.Trim(), StringComparison.Ordinal))
        {
            return "its fields do not give its hash: the row was altered.";
        }
        if (!string.Equals(row.PreviousHash.Trim(), previousHash, StringComparison.Ordinal))
        {
            return row.Sequence == 1
                ? "it does not start the chain (its previous hash is not the genesis value): the row was altered."
                : string.Create(CultureInfo.InvariantCulture,
                    $"its previous hash is not the hash of row {row.Sequence - 1}: that row was altered and its hash recomputed, or replaced.");
        }
        return null;
    }

    private static (long? Sequence, string? Hash) ParseAnchor(string? anchor)
    {
        if (anchor is null) return (null, null);
        var parts = anchor.Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) || sequence < 1
            || parts[1].Length != AuditEntry.HashLength || !parts[1].All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("An anchor is SEQUENCE:HASH as verify-audit printed it, e.g. 1200:9f86d0….", nameof(anchor));
        }
        return (sequence, parts[1]);
    }

    /// <summary>"2026-11-24T09:00:00.123456Z".</summary>
    public static string Format(Instant at) => AtText.Format(at);
}
