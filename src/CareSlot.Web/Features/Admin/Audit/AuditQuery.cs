using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Features.Admin.Audit;

/// <summary>The filter as a client wrote it, on the page's form or as the API's query parameters (the same names).</summary>
public sealed record AuditFilterInput(string? User = null, string? Patient = null, string? Action = null, string? Outcome = null,
    string? From = null, string? To = null);

/// <summary>
/// A checked filter: accounts resolved to ids, times to a half-open range [<see cref="From"/>, <see cref="Before"/>).
/// An <see cref="Action"/> ending in "." is a prefix ("history." is every history action).
/// </summary>
public sealed record AuditFilter(Guid? ActorId, Guid? PatientId, string? Action, AuditOutcome? Outcome, Instant? From, Instant? Before)
{
    public static readonly AuditFilter None = new(null, null, null, null, null, null);

    public bool ActionIsPrefix => Action?.EndsWith('.') == true;

    /// <summary>The filter in the audit trail's own words, ids and times only, for the row an export writes.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (PatientId is { } patient) parts.Add($"patient={patient}");
        if (ActorId is { } actor) parts.Add($"user={actor}");
        if (Action is { } action) parts.Add($"action={action}");
        if (Outcome is { } outcome) parts.Add($"outcome={outcome}");
        if (From is { } from) parts.Add($"from={AuditQuery.Format(from)}");
        if (Before is { } before) parts.Add($"before={AuditQuery.Format(before)}");
        var text = parts.Count == 0 ? "audit-trail all" : "audit-trail " + string.Join(' ', parts);
        // Every filter at once with a long action passes the record's limit; the most telling parts come first.
        return text.Length <= AuditEntry.RecordMaxLength ? text : text[..(AuditEntry.RecordMaxLength - 1)] + "…";
    }
}

/// <summary>
/// Where a page of the trail starts: the row (time, id) it comes after, and in which direction. Opaque to clients
/// ("o.1795510800000000.4711"): older rows, from microseconds since 1970 and a row id.
/// </summary>
public sealed record AuditCursor(bool Older, Instant At, long Id)
{
    private static readonly long MinMicroseconds = ToMicroseconds(Instant.FromUtc(IsoTime.MinYear, 1, 1, 0, 0));
    private static readonly long MaxMicroseconds = ToMicroseconds(Instant.FromUtc(IsoTime.MaxYear, 12, 31, 23, 59, 59));

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(Older ? 'o' : 'n')}.{ToMicroseconds(At)}.{Id}");

    public static bool TryParse(string? text, out AuditCursor? cursor)
    {
        cursor = null;
        var parts = text?.Split('.');
        if (parts is not { Length: 3 } || parts[0] is not ("o" or "n")
            || !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var microseconds)
            || microseconds < MinMicroseconds || microseconds > MaxMicroseconds
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return false;
        }
        cursor = new AuditCursor(parts[0] == "o", Instant.FromUnixTimeTicks(microseconds * 10), id);
        return true;
    }

    private static long ToMicroseconds(Instant at) => at.ToUnixTimeTicks() / 10;
}

/// <summary>One row as the viewer shows it: who (by name and e-mail where the account exists), what, whose, which record. Never content.</summary>
public sealed record AuditRow(long Id, Instant At, Guid? ActorId, string? ActorName, string? ActorEmail, string? ActorRole, string Action,
    AuditOutcome Outcome, Guid? PatientId, string? PatientName, string? Record, string? ClientAddress);

/// <summary>Up to <see cref="AuditQuery.PageSize"/> rows, newest first, and the cursors to the pages beside it (null at either end).</summary>
public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, AuditCursor? Older, AuditCursor? Newer);

/// <summary>
/// The administrators' search of the audit trail (page, API and CSV export alike): by actor, patient, action (or its
/// kind), outcome and time, newest first — time, then the row id, which is unique — in keyset pages, so a page deep
/// in a large trail costs what the first does and rows written meanwhile neither repeat nor drop out of a walk.
/// </summary>
/// <remarks>
/// What the indexes carry (AuditEntryConfiguration): the order by time, time ranges and the pages' cursors by (At, Id);
/// the actor filter by (ActorId, At, Id); the patient filter by (PatientId, Id), its rows then ordered by time. Action
/// and outcome filter the rows read in time order (docs/architecture.md, "Audit trail").
/// </remarks>
public sealed partial class AuditQuery(CareSlotDb db, IStringLocalizer<AdminText> text)
{
    public const int PageSize = 50;

    /// <summary>An e-mail address as Identity keeps it at most.</summary>
    private const int EmailMaxLength = 256;

    private static readonly InstantPattern InstantText = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'Z'");

    /// <summary>Local times the form may hold (read as UTC) and how much of the clock each names: a "to" includes all of it.</summary>
    private static readonly (LocalDateTimePattern Pattern, Duration Unit)[] LocalTimes =
    [
        (LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm"), Duration.FromMinutes(1)),
        (LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm"), Duration.FromMinutes(1)),
        (LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss"), Duration.FromSeconds(1)),
        (LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm':'ss"), Duration.FromSeconds(1)),
    ];

    /// <summary>Every action name the app writes (<see cref="AuditActions"/>'s constants), sorted.</summary>
    public static IReadOnlyList<string> KnownActions { get; } = [.. typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal)];

    /// <summary>The kinds of those actions as prefixes ("history."), for a filter on all of a kind.</summary>
    public static IReadOnlyList<string> KnownPrefixes { get; } = [.. KnownActions.Select(a => a[..(a.IndexOf('.', StringComparison.Ordinal) + 1)])
        .Where(p => p.Length > 0).Distinct().Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"^[a-z0-9-]+(\.[a-z0-9-]+)*\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex ActionName();

    /// <summary>"2026-11-24T09:00:00Z": the form of times in the export's audit row.</summary>
    public static string Format(Instant at) => InstantText.Format(at);

    /// <summary>
    /// Checks the filter and resolves e-mail addresses to accounts. Errors are keyed by the parameter's name (user,
    /// patient, action, outcome, from, to), as the API names them and the page's fields are called.
    /// </summary>
    public async Task<Outcome<AuditFilter>> ParseAsync(AuditFilterInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var actor = await AccountAsync(input.User, "user", errors, ct);
        var patient = await AccountAsync(input.Patient, "patient", errors, ct);

        var action = Blank(input.Action) ? null : input.Action!.Trim();
        if (action is not null && (action.Length > AuditEntry.ActionMaxLength || !ActionName().IsMatch(action)))
        {
            errors["action"] = [text["Choose an action from the list, or write its kind followed by a full stop (history.)."]];
        }

        AuditOutcome? outcome = null;
        if (!Blank(input.Outcome))
        {
            var name = input.Outcome!.Trim();
            // Letters only: Enum.TryParse would also take "1" or "Allowed,Failed".
            if (name.All(char.IsAsciiLetter) && Enum.TryParse<AuditOutcome>(name, ignoreCase: true, out var parsed))
            {
                outcome = parsed;
            }
            else
            {
                errors["outcome"] = [text["Choose one of the outcomes in the list: allowed, refused or failed."]];
            }
        }

        var from = Time(input.From, "from", isEnd: false, errors);
        var before = Time(input.To, "to", isEnd: true, errors);
        if (from is { } start && before is { } end && end <= start)
        {
            errors["to"] = [text["The end of the period must not be before its start."]];
        }
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        return new Outcome<AuditFilter>(new AuditFilter(actor, patient, action, outcome, from, before), null);
    }

    public string InvalidCursor => text["This link to a page of the audit trail is not valid. Start again from the newest rows."];

    /// <summary>The page after <paramref name="cursor"/> in its direction; without one, the newest rows.</summary>
    public async Task<AuditPage> PageAsync(AuditFilter filter, AuditCursor? cursor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var goingNewer = cursor is { Older: false };
        var entries = await Batch(filter, cursor, PageSize + 1).ToListAsync(ct);
        var more = entries.Count > PageSize;
        if (more) entries.RemoveAt(PageSize);
        if (goingNewer) entries.Reverse();
        if (entries.Count == 0) return new AuditPage([], null, null);

        var (first, last) = (entries[0], entries[^1]);
        var hasOlder = goingNewer ? await Batch(filter, new AuditCursor(true, last.At, last.Id), 1).AnyAsync(ct) : more;
        var hasNewer = goingNewer ? more : cursor is not null && await Batch(filter, new AuditCursor(false, first.At, first.Id), 1).AnyAsync(ct);
        return new AuditPage(await NamedAsync(entries, ct),
            hasOlder ? new AuditCursor(true, last.At, last.Id) : null,
            hasNewer ? new AuditCursor(false, first.At, first.Id) : null);
    }

    /// <summary>Every matching row, newest first, in keyset batches: a million rows never sit in memory, and no query stays open between batches.</summary>
    public async IAsyncEnumerable<AuditRow> AllAsync(AuditFilter filter, int batchSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        AuditCursor? after = null;
        while (true)
        {
            var entries = await Batch(filter, after, batchSize).ToListAsync(ct);
            foreach (var row in await NamedAsync(entries, ct)) yield return row;
            if (entries.Count < batchSize) yield break;
            after = new AuditCursor(true, entries[^1].At, entries[^1].Id);
        }
    }

    /// <summary>
    /// Up to <paramref name="take"/> matching rows beyond the cursor, nearest first. The keyset condition is written
    /// with a plain bound on the time first (At ≤ t), which an index on (At, Id) can seek to on either database.
    /// </summary>
    private IQueryable<AuditEntry> Batch(AuditFilter filter, AuditCursor? cursor, int take)
    {
        var rows = Matching(filter);
        if (cursor is { Older: true, At: var olderThan, Id: var belowId })
        {
            return rows.Where(e => e.At <= olderThan && (e.At < olderThan || e.Id < belowId))
                .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(take);
        }
        if (cursor is { Older: false, At: var newerThan, Id: var aboveId })
        {
            return rows.Where(e => e.At >= newerThan && (e.At > newerThan || e.Id > aboveId))
                .OrderBy(e => e.At).ThenBy(e => e.Id).Take(take);
        }
        return rows.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(take);
    }

    private IQueryable<AuditEntry> Matching(AuditFilter filter)
    {
        var rows = db.AuditTrail.AsNoTracking();
        if (filter.ActorId is { } actor) rows = rows.Where(e => e.ActorId == actor);
        if (filter.PatientId is { } patient) rows = rows.Where(e => e.PatientId == patient);
        if (filter.Action is { } action)
        {
            rows = filter.ActionIsPrefix ? rows.Where(e => e.Action.StartsWith(action)) : rows.Where(e => e.Action == action);
        }
        if (filter.Outcome is { } outcome) rows = rows.Where(e => e.Outcome == outcome);
        if (filter.From is { } from) rows = rows.Where(e => e.At >= from);
        if (filter.Before is { } before) rows = rows.Where(e => e.At < before);
        return rows;
    }

    /// <summary>The rows with their actors' and patients' names, read in one query by id rather than joined into the keyset query.</summary>
    private async Task<IReadOnlyList<AuditRow>> NamedAsync(List<AuditEntry> entries, CancellationToken ct)
    {
        var ids = entries.SelectMany(e => new[] { e.ActorId, e.PatientId }).OfType<Guid>().Distinct().ToList();
        var accounts = ids.Count == 0 ? []
            : await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.FullName, u.Email }).ToDictionaryAsync(u => u.Id, ct);
        return [.. entries.Select(e =>
        {
            var actor = e.ActorId is { } a ? accounts.GetValueOrDefault(a) : null;
            var patient = e.PatientId is { } p ? accounts.GetValueOrDefault(p) : null;
            return new AuditRow(e.Id, e.At, e.ActorId, actor?.FullName, actor?.Email, e.ActorRole, e.Action, e.Outcome, e.PatientId,
                patient?.FullName, e.Record, e.ClientAddress);
        })];
    }

    /// <summary>An account's id as written, or the account an e-mail address belongs to; an unknown address is an error.</summary>
    private async Task<Guid?> AccountAsync(string? value, string field, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (Blank(value)) return null;
        var trimmed = value!.Trim();
        if (Guid.TryParseExact(trimmed, "D", out var id)) return id;
        if (trimmed.Length > EmailMaxLength || !trimmed.Contains('@', StringComparison.Ordinal) || trimmed.Any(char.IsControl))
        {
            errors[field] = [text["Enter an account's id or e-mail address."]];
            return null;
        }
        var normalized = trimmed.ToUpperInvariant();
        var account = await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        if (account is null) errors[field] = [text["No account has that e-mail address."]];
        return account;
    }

    /// <summary>
    /// A time as the form (UTC) or the API writes it: with its offset, a date and time, or a date. A start means its
    /// first instant; an end includes all of what it names (the whole day, minute or second), so the bound returned is exclusive.
    /// </summary>
    private Instant? Time(string? value, string field, bool isEnd, Dictionary<string, string[]> errors)
    {
        if (Blank(value)) return null;
        var trimmed = value!.Trim();
        if (IsoTime.TryParse(trimmed, out var exact)) return isEnd ? exact + Duration.Epsilon : exact;
        foreach (var (pattern, unit) in LocalTimes)
        {
            if (pattern.Parse(trimmed) is { Success: true, Value: var local } && IsoTime.IsPlausible(local.Date))
            {
                var start = local.InUtc().ToInstant();
                return isEnd ? start + unit : start;
            }
        }
        if (IsoTime.TryParseDate(trimmed, out var date))
        {
            return (isEnd ? date.PlusDays(1) : date).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
        }
        errors[field] = [text["Enter a date (2026-11-24) or a date and time (2026-11-24 09:30), in UTC, between the years {0} and {1}.",
            IsoTime.MinYear, IsoTime.MaxYear]];
        return null;
    }

    private static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);
}
