using System.Globalization;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Platform.Security.Audit;

/// <summary>What verifying the chains found: the first row that does not hold, or none.</summary>
/// <param name="RowsChecked">Rows read and found sound (all of them when nothing is wrong).</param>
/// <param name="Broken">The first row that does not hold, as "lane 2, row 17"; for rows missing from the end, the head's.</param>
/// <param name="Heads">The chain heads as stored, "lane:sequence:hash" joined by commas: to be noted outside the database
/// and given to a later run as its anchor.</param>
public sealed record AuditVerification(long RowsChecked, string? Broken, Instant? BrokenAt, string? Problem, string Heads)
{
    public bool Intact => Problem is null;
}

/// <summary>
/// Walks each lane of the audit trail from row 1 in order, recomputing every hash (`verify-audit`). A row whose fields
/// no longer give its hash was altered; a row whose previous hash is not the hash before it follows a changed or
/// replaced row; a jump in the sequence is a deletion, named at the row after the gap; a head ahead of its lane's last
/// row means rows were deleted from the end. A lane whose oldest rows retention deleted starts after its floor
/// (<see cref="AuditChainHead.FloorSequence"/>), from the floor row's hash. What it cannot see: a rewrite of a lane from some row on, head included, by
/// someone who can write the database, unless an anchor noted earlier pins the rows (docs/adr/0014).
/// </summary>
public sealed class AuditVerifier(CareSlotDb db)
{
    private const int BatchSize = 5_000;

    public async Task<AuditVerification> VerifyAsync(string? anchor, Action<long, long>? progress, CancellationToken ct)
    {
        var anchors = ParseAnchor(anchor);
        var heads = await db.Set<AuditChainHead>().AsNoTracking().OrderBy(h => h.Id).ToListAsync(ct);
        var headsText = string.Join(',', heads.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Id}:{h.Sequence}:{h.Hash.Trim()}")));
        if (heads.Count != AuditChainHead.Lanes || heads.Select(h => h.Id).Except(Enumerable.Range(1, AuditChainHead.Lanes)).Any())
        {
            return new(0, null, null, "chain head rows are missing or foreign: one was deleted or added, or the AuditTrail migration never ran.", headsText);
        }
        var total = await db.Set<AuditEntry>().LongCountAsync(ct);
        var strays = await db.Set<AuditEntry>().Where(e => e.Lane < 1 || e.Lane > AuditChainHead.Lanes).Select(e => new { e.Lane, e.Sequence, e.At }).FirstOrDefaultAsync(ct);
        if (strays is not null)
        {
            return new(0, Name(strays.Lane, strays.Sequence), strays.At, "its lane does not exist: the row was altered.", headsText);
        }

        var checkedRows = 0L;
        var reportEvery = Math.Max(BatchSize, total / 20);
        foreach (var head in heads)
        {
            var lane = head.Id;
            // Retention deletes a lane's oldest rows and notes the last one it deleted: the lane starts after that floor.
            var floor = head.FloorSequence;
            var floorHash = head.FloorHash.Trim();
            if (floor < 0 || floor > head.Sequence || floorHash.Length != AuditEntry.HashLength)
            {
                return new(checkedRows, Name(lane, floor), null, string.Create(CultureInfo.InvariantCulture,
                    $"lane {lane}'s retention floor (row {floor}) is not a row of the lane (its head is row {head.Sequence}): the head was changed."), headsText);
            }
            if (await db.Set<AuditEntry>().Where(e => e.Lane == lane && e.Sequence <= floor).Select(e => (long?)e.Sequence).MinAsync(ct) is { } belowFloor)
            {
                return new(checkedRows, Name(lane, belowFloor), null, string.Create(CultureInfo.InvariantCulture,
                    $"the row is at or below lane {lane}'s retention floor (row {floor}), so it would go unchecked: retention deletes up to its floor in one transaction, so the floor was moved by hand."), headsText);
            }
            foreach (var pinned in anchors.Keys.Where(k => k.Lane == lane && k.Sequence <= floor).ToList())
            {
                // A pinned row that retention has since deleted: only the floor's own row can still be compared.
                if (pinned.Sequence == floor && !string.Equals(anchors[pinned], floorHash, StringComparison.Ordinal))
                {
                    return new(checkedRows, Name(lane, floor), null,
                        "the retention floor's hash is not the one noted in the anchor for that row: the lane was rewritten, hashes included.", headsText);
                }
                anchors.Remove(pinned);
            }
            var expectedSequence = floor + 1;
            var previousHash = floor == 0 ? AuditHash.Genesis : floorHash;
            while (true)
            {
                var after = expectedSequence - 1;
                List<AuditEntry> batch;
                try
                {
                    batch = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Lane == lane && e.Sequence > after)
                        .OrderBy(e => e.Sequence).Take(BatchSize).ToListAsync(ct);
                }
                catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException)
                {
                    var unreadable = await UnreadableRowAsync(lane, after, ct);
                    return new(checkedRows, Name(lane, unreadable), null, "a field holds a value the app never writes (it cannot be read): the row was altered.", headsText);
                }
                foreach (var row in batch)
                {
                    if (Problem(row, expectedSequence, previousHash) is { } problem) return new(checkedRows, Name(lane, row.Sequence), row.At, problem, headsText);
                    if (anchors.TryGetValue((lane, row.Sequence), out var anchored))
                    {
                        if (!string.Equals(row.Hash.Trim(), anchored, StringComparison.Ordinal))
                        {
                            return new(checkedRows, Name(lane, row.Sequence), row.At,
                                "its hash is not the one noted in the anchor: the lane was rewritten from this row or before it, hashes included.", headsText);
                        }
                        anchors.Remove((lane, row.Sequence));
                    }
                    previousHash = row.Hash.Trim();
                    expectedSequence++;
                    checkedRows++;
                    if (checkedRows % reportEvery == 0) progress?.Invoke(checkedRows, total);
                }
                if (batch.Count < BatchSize) break;
            }

            var last = expectedSequence - 1;
            if (head.Sequence > last)
            {
                return new(checkedRows, Name(lane, head.Sequence), null, string.Create(CultureInfo.InvariantCulture,
                    $"rows {last + 1} to {head.Sequence} of lane {lane} are missing from the end: its chain head says the last row is {head.Sequence}, the table ends at {last}."), headsText);
            }
            if (head.Sequence != last || !string.Equals(head.Hash.Trim(), previousHash, StringComparison.Ordinal))
            {
                return new(checkedRows, Name(lane, last), null, string.Create(CultureInfo.InvariantCulture,
                    $"lane {lane}'s chain head (row {head.Sequence}) does not match its last row ({last}): the head or the last row was changed."), headsText);
            }
        }
        if (anchors.Count > 0)
        {
            var ((lane, sequence), _) = anchors.First();
            return new(checkedRows, Name(lane, sequence), null, "the anchor's row is not in the trail any more: the lane was cut back or rewritten.", headsText);
        }
        return new(checkedRows, null, null, null, headsText);
    }

    public static string Name(int lane, long sequence) => string.Create(CultureInfo.InvariantCulture, $"lane {lane}, row {sequence}");

    /// <summary>The first row of the lane after <paramref name="after"/> that cannot be loaded, read one by one.</summary>
    private async Task<long> UnreadableRowAsync(int lane, long after, CancellationToken ct)
    {
        var sequences = await db.Set<AuditEntry>().Where(e => e.Lane == lane && e.Sequence > after).OrderBy(e => e.Sequence).Take(BatchSize)
            .Select(e => e.Sequence).ToListAsync(ct);
        foreach (var sequence in sequences)
        {
            try
            {
                await db.Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Lane == lane && e.Sequence == sequence, ct);
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
                ? "it does not start its lane (its previous hash is not the genesis value): the row was altered."
                : string.Create(CultureInfo.InvariantCulture,
                    $"its previous hash is not the hash of row {row.Sequence - 1}: that row was altered and its hash recomputed, or replaced.");
        }
        return null;
    }

    /// <summary>"lane:sequence:hash,…" as a run printed its heads; each named row must still have that hash.</summary>
    private static Dictionary<(int Lane, long Sequence), string> ParseAnchor(string? anchor)
    {
        var anchors = new Dictionary<(int, long), string>();
        if (anchor is null) return anchors;
        foreach (var part in anchor.Split(','))
        {
            var fields = part.Split(':');
            if (fields.Length != 3
                || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var lane) || lane < 1 || lane > AuditChainHead.Lanes
                || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                || fields[2].Length != AuditEntry.HashLength || !fields[2].All(char.IsAsciiHexDigitLower))
            {
                throw new ArgumentException("An anchor is LANE:SEQUENCE:HASH, several joined by commas, as verify-audit printed the chain heads.", nameof(anchor));
            }
            // A lane with no rows yet (sequence 0) pins nothing.
            if (sequence > 0) anchors[(lane, sequence)] = fields[2];
        }
        return anchors;
    }

    /// <summary>"2026-11-24T09:00:00.123456Z".</summary>
    public static string Format(Instant at) => InstantPattern.ExtendedIso.Format(at);
}
