using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Platform.Security.Audit;

/// <summary>
/// The hash that chains the audit trail: SHA-256 over a canonical text of the row, lower-case hex.
/// <para>
/// The text is <c>careslot-audit-v1</c> followed, for each field in this order, by <c>|</c> and the field:
/// lane, sequence, at, actor id, actor role, patient id, record, action, outcome, client address, correlation id, previous hash.
/// A null field is <c>-</c>; any other is its UTF-8 byte length in decimal, <c>:</c>, and the value, so no value can
/// pass for another however it is made ("" is <c>0:</c>, a value holding "|" or "-" is skipped over by its length).
/// Values: lane and sequence in invariant decimal; at as <c>uuuu-MM-ddTHH:mm:ss.ffffffZ</c> (UTC, microseconds); ids as
/// lower-case <c>D</c> GUIDs; the outcome by its name (<c>Allowed</c>); text as stored. The first row's previous hash is
/// <see cref="Genesis"/> in each lane. The row's <see cref="AuditEntry.Id"/> is the database's and not covered.
/// </para>
/// A change to this text is a new version (v2) that verification must know, or every existing row reads as altered.
/// </summary>
public static class AuditHash
{
    /// <summary>The "previous hash" of row 1 of each lane, and the chain head of an empty lane.</summary>
    public static readonly string Genesis = new('0', AuditEntry.HashLength);

    private static readonly InstantPattern AtPattern = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss.ffffff'Z'");

    public static string Of(AuditEntry row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var text = new StringBuilder(Prefix, 512);
        Field(text, row.Lane.ToString(CultureInfo.InvariantCulture));
        Field(text, row.Sequence.ToString(CultureInfo.InvariantCulture));
        text.Append(MiddleOf(row.At, row.ActorId, row.ActorRole, row.PatientId, row.Record, row.Action, row.Outcome, row.ClientAddress, row.CorrelationId));
        Field(text, row.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>What the canonical text starts with, before the lane.</summary>
    public const string Prefix = "careslot-audit-v1";

    /// <summary>
    /// The canonical text's fields from "at" to "correlation id", each with its leading <c>|</c>: everything but the lane,
    /// the sequence and the previous hash, which PostgreSQL adds in the statement that takes the lane (<see cref="AuditTrail"/>).
    /// </summary>
    public static string MiddleOf(Instant at, Guid? actorId, string? actorRole, Guid? patientId, string? record, string action,
        AuditOutcome outcome, string? clientAddress, string? correlationId)
    {
        var text = new StringBuilder(384);
        Field(text, AtPattern.Format(at));
        Field(text, actorId?.ToString("D"));
        Field(text, actorRole);
        Field(text, patientId?.ToString("D"));
        Field(text, record);
        Field(text, action);
        Field(text, outcome.ToString());
        Field(text, clientAddress);
        Field(text, correlationId);
        return text.ToString();
    }

    /// <summary>What the database keeps of an instant: PostgreSQL's timestamptz holds microseconds.</summary>
    public static Instant ToMicroseconds(Instant instant)
    {
        var ticks = instant.ToUnixTimeTicks();
        return Instant.FromUnixTimeTicks(ticks - (((ticks % 10) + 10) % 10));
    }

    private static void Field(StringBuilder text, string? value)
    {
        text.Append('|');
        if (value is null)
        {
            text.Append('-');
            return;
        }
        text.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
    }
}
