using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Claims;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Platform.Security.Audit;

public enum AuditOutcome
{
    Allowed,
    Refused,
    Failed,
}

/// <summary>
/// What happened, to whose record. Never clinical content: <see cref="Record"/> names a kind and an id
/// ("visit-note 0193…"), not what it says.
/// </summary>
/// <param name="Action">A stable verb, e.g. "history.read", "note.write", "message.read", "break-glass.open", "sign-in.failed" (<see cref="AuditActions"/>).</param>
/// <param name="PatientId">Whose health information it is, if any: the patient's "who looked at my record" lists these.</param>
/// <param name="ActorId">Who acted, when not the signed-in user of the request (a command, a sign-in attempt).</param>
/// <param name="ActorRole">The actor's role, when the event names the actor; otherwise the signed-in user's roles are taken.
/// Given without <paramref name="ActorId"/>, the actor is known by that role only (<see cref="AuditTrail.AnonymousRole"/>).</param>
public sealed record AuditEvent(string Action, AuditOutcome Outcome, Guid? PatientId = null, string? Record = null, Guid? ActorId = null, string? ActorRole = null);

/// <summary>
/// The append-only, hash-chained record of who read or wrote health information, and of security events
/// (docs/adr/0014-hash-chained-audit-trail.md). One call, one row.
/// </summary>
/// <remarks>
/// The row is written with plain SQL on the request's <see cref="CareSlotDb"/> connection, never through its change
/// tracker, so whatever the caller has pending is neither saved nor touched. Inside the caller's open transaction the
/// row commits (or rolls back) with the caller's change; otherwise it gets a short transaction of its own.
/// Appending takes a lane's chain head first (<see cref="AuditChainHead"/>): on PostgreSQL its row lock, held until the
/// transaction ends, keeps the lane linear across instances while other transactions append to free lanes; on SQLite
/// the transaction is the one writer already. Append late in a long transaction all the same: the lane waits for its commit.
/// </remarks>
public sealed class AuditTrail(CareSlotDb db, IClock clock, IHttpContextAccessor http)
{
    /// <summary>The role of rows written where no request is running: operator commands and background work.</summary>
    public const string SystemRole = "system";

    /// <summary>The role of an attempt by nobody known, e.g. a sign-in with an address that has no account.</summary>
    public const string AnonymousRole = "anonymous";

    private static readonly InstantPattern SqliteInstant = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss.fffffff'Z'");

    /// <summary>Appends one row, in the current transaction of the request's database context if one is open.</summary>
    public async Task RecordAsync(AuditEvent auditEvent, CancellationToken ct)
    {
        var row = Describe(auditEvent);
        if (db.Database.IsNpgsql())
        {
            // One statement: atomic on its own, and part of the caller's transaction when one is open.
            await db.Database.ExecuteSqlAsync(PostgresAppend(row), ct);
            return;
        }

        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            var (lane, sequence, previousHash) = await TakeSqliteLaneAsync(transaction, ct);
            await AppendAsync(transaction, new AuditEntry(lane, sequence, row.At, row.ActorId, row.ActorRole, row.PatientId, row.Record,
                row.Action, row.Outcome, row.ClientAddress, row.CorrelationId, previousHash), ct);
            if (own is not null) await own.CommitAsync(ct);
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    /// <summary>
    /// On PostgreSQL, the append <see cref="RecordAsync"/> makes, as one statement for a caller to send in the same round
    /// trip as statements of its own, inside its transaction (a booking sends it with its locks: <see cref="SqlText.Join"/>);
    /// null on SQLite, where the caller calls <see cref="RecordAsync"/>. The lane is then held from that statement to the commit.
    /// </summary>
    public FormattableString? PostgresStatement(AuditEvent auditEvent) => db.Database.IsNpgsql() ? PostgresAppend(Describe(auditEvent)) : null;

    /// <summary>A row's fields that come from the event and the request: all but its lane, number and previous hash.</summary>
    private sealed record PendingRow(Instant At, Guid? ActorId, string? ActorRole, Guid? PatientId, string? Record, string Action,
        AuditOutcome Outcome, string? ClientAddress, string? CorrelationId);

    private PendingRow Describe(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        Check(auditEvent.Action, AuditEntry.ActionMaxLength, nameof(AuditEvent.Action), required: true);
        Check(auditEvent.Record, AuditEntry.RecordMaxLength, nameof(AuditEvent.Record), required: false);
        Check(auditEvent.ActorRole, AuditEntry.RoleMaxLength, nameof(AuditEvent.ActorRole), required: false);

        var context = http.HttpContext;
        var user = context?.User;
        // An event that names only a role describes its actor itself (an anonymous attempt): the request's user is not it.
        var actorId = auditEvent.ActorId ?? (auditEvent.ActorRole is null ? SignedInAccount(user) : null);
        var actorRole = auditEvent.ActorRole
            ?? (auditEvent.ActorId is null || auditEvent.ActorId == SignedInAccount(user) ? RolesOf(user) : null)
            ?? (context is null ? SystemRole : null);
        return new PendingRow(AuditHash.ToMicroseconds(clock.GetCurrentInstant()), actorId, actorRole, auditEvent.PatientId,
            auditEvent.Record, auditEvent.Action, auditEvent.Outcome, ClientAddress(context),
            Truncated(Activity.Current?.Id ?? context?.TraceIdentifier, AuditEntry.CorrelationIdMaxLength));
    }

    /// <summary>
    /// The append as one statement: <c>careslot_audit_append</c>, a PL/pgSQL function of the migrations (ADR 0014), takes
    /// the first lane no other transaction holds (SKIP LOCKED; one this transaction holds already counts as free), else
    /// waits for the one given here at random; moves its head one on and inserts the row. The hash is
    /// <see cref="AuditHash.Of"/>: its middle from here, and the function puts the lane, the number and the previous
    /// hash around it, since only it knows them. A function rather than one statement of CTEs: its statements keep their
    /// plans per connection, where the CTEs cost about half a millisecond a call, mostly planning (pgbench: 3,808 appends/s
    /// against the function's 10,936; a booking is about 3 ms); and each of its statements reads the head as committed by
    /// then, so a wait needs no recheck.
    /// </summary>
    private static FormattableString PostgresAppend(PendingRow row)
    {
        var anyLane = (int)(Stopwatch.GetTimestamp() % AuditChainHead.Lanes) + 1; // any will do: spread the waiting
        var middle = AuditHash.MiddleOf(row.At, row.ActorId, row.ActorRole, row.PatientId, row.Record, row.Action, row.Outcome,
            row.ClientAddress, row.CorrelationId);
        var outcome = row.Outcome.ToString();
        return $"""
            SELECT careslot_audit_append({AuditHash.Prefix}::text, {middle}::text, {anyLane}::integer, {row.At}::timestamptz,
                {row.ActorId}::uuid, {row.ActorRole}::text, {row.PatientId}::uuid, {row.Record}::text, {row.Action}::text,
                {outcome}::text, {row.ClientAddress}::text, {row.CorrelationId}::text);
            """;
    }

    /// <summary>SQLite: lane 1, under its one writer; moves the head one on and answers the new row's number and the hash before it.</summary>
    private static async Task<(int Lane, long Sequence, string PreviousHash)> TakeSqliteLaneAsync(DbTransaction transaction, CancellationToken ct)
    {
        await using var command = Command(transaction, """UPDATE "AuditChainHead" SET "Sequence" = "Sequence" + 1 WHERE "Id" = 1 RETURNING "Id", "Sequence", "Hash" """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("The audit trail's chain heads are missing: the AuditTrail migration did not run.");
        return (reader.GetInt32(0), reader.GetInt64(1), reader.GetString(2).Trim());
    }

    private static async Task AppendAsync(DbTransaction transaction, AuditEntry row, CancellationToken ct)
    {
        await using var command = Command(transaction, """
            INSERT INTO "AuditTrail" ("Lane", "Sequence", "At", "ActorId", "ActorRole", "PatientId", "Record", "Action", "Outcome",
                "ClientAddress", "CorrelationId", "PreviousHash", "Hash")
            VALUES (@lane, @sequence, @at, @actorId, @actorRole, @patientId, @record, @action, @outcome, @clientAddress, @correlationId,
                @previousHash, @hash);
            UPDATE "AuditChainHead" SET "Hash" = @hash WHERE "Id" = @lane;
            """);
        Add(command, "lane", row.Lane);
        Add(command, "sequence", row.Sequence);
        Add(command, "at", SqliteInstant.Format(row.At));
        Add(command, "actorId", Guid(row.ActorId));
        Add(command, "actorRole", row.ActorRole);
        Add(command, "patientId", Guid(row.PatientId));
        Add(command, "record", row.Record);
        Add(command, "action", row.Action);
        Add(command, "outcome", row.Outcome.ToString());
        Add(command, "clientAddress", row.ClientAddress);
        Add(command, "correlationId", row.CorrelationId);
        Add(command, "previousHash", row.PreviousHash);
        Add(command, "hash", row.Hash);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A GUID as SQLite stores it: upper-case text, as EF Core writes it.</summary>
    private static string? Guid(Guid? id) => id?.ToString().ToUpperInvariant();

    private static DbCommand Command(DbTransaction transaction, string sql)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private static Guid? SignedInAccount(ClaimsPrincipal? user) =>
        System.Guid.TryParse(user?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>The signed-in user's roles, sorted and comma-separated: "Doctor", "Admin,Patient".</summary>
    public static string? RolesOf(ClaimsPrincipal? user) => RolesText(user?.FindAll(ClaimTypes.Role).Select(c => c.Value));

    public static string? RolesText(IEnumerable<string>? roles)
    {
        var sorted = roles?.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return sorted is null || sorted.Count == 0 ? null : Truncated(string.Join(',', sorted), AuditEntry.RoleMaxLength);
    }

    /// <summary>The client's address as the app sees it after the trusted proxies' forwarded headers (never one a client chose).</summary>
    private static string? ClientAddress(HttpContext? context)
    {
        var address = context?.Connection.RemoteIpAddress;
        if (address is null) return null;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return Truncated(address.ToString(), AuditEntry.ClientAddressMaxLength);
    }

    private static string? Truncated(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    /// <summary>The calling code's own words, never a person's: a wrong one is a bug, so it throws.</summary>
    private static void Check(string? value, int maxLength, string name, bool required)
    {
        if (value is null)
        {
            if (required) throw new ArgumentException($"An audit event needs its {name}.", name);
            return;
        }
        if (value.Length == 0 || value.Length > maxLength || value.Any(char.IsControl))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"An audit event's {name} must be 1 to {maxLength} printable characters."), name);
        }
    }
}

public static class AuditTrailExtensions
{
    public static IServiceCollection AddAuditTrail(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<AuditVerifier>();
        return services.AddScoped<AuditTrail>();
    }
}
