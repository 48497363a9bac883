using System.Reflection;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Retention.Breach;

/// <summary>One person the audit trail shows was touched in the window: their account (blank when it no longer exists) and how often.</summary>
public sealed record AffectedPerson(Guid AccountId, string? Email, string? Name, int Accesses, Instant FirstAt, Instant LastAt);

/// <summary>
/// The people a breach may concern (GDPR Art. 33/34, HIPAA §164.404): from the audit trail, everyone whose data of one kind
/// was read or written in a time window, optionally only by one (compromised) account. For a clinical kind the person is
/// the row's patient; for accounts (and "all") the patient or, on security events, the account that acted.
/// </summary>
public sealed class BreachReport(CareSlotDb db)
{
    /// <summary>The kinds and the action name prefixes that make them (AuditActions).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Kinds = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["records"] = ["history.", "note.", "break-glass."],
        ["messages"] = ["message."],
        ["attachments"] = ["attachment."],
        ["reasons"] = ["reason."],
        ["tickets"] = ["ticket.", "chat."],
        ["accounts"] = ["sign-in.", "two-factor.", "password", "account.", "role.", "support.account-read"],
        ["all"] = [""],
    };

    private static readonly string[] KnownActions = [.. typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!)];

    public static IReadOnlyList<string> ActionsOf(string kind) =>
        [.. KnownActions.Where(action => Kinds[kind].Any(prefix => action.StartsWith(prefix, StringComparison.Ordinal))).Order(StringComparer.Ordinal)];

    /// <param name="kind">One of <see cref="Kinds"/>.</param>
    public async Task<IReadOnlyList<AffectedPerson>> FindAsync(Instant from, Instant to, string kind, Guid? actor, CancellationToken ct)
    {
        if (!Kinds.ContainsKey(kind)) throw new ArgumentException($"Unknown kind '{kind}'.", nameof(kind));
        var rows = db.AuditTrail.Where(e => e.At >= from && e.At < to);
        if (kind != "all")
        {
            var actions = ActionsOf(kind);
            rows = rows.Where(e => actions.Contains(e.Action));
        }
        if (actor is { } actorId) rows = rows.Where(e => e.ActorId == actorId);
        var clinical = kind is "records" or "messages" or "attachments" or "reasons";
        var touched = await (clinical ? rows.Where(e => e.PatientId != null).Select(e => new { Person = e.PatientId, e.At })
                : rows.Where(e => e.PatientId != null || e.ActorId != null).Select(e => new { Person = e.PatientId ?? e.ActorId, e.At }))
            .ToListAsync(ct);
        // Grouped here, not in SQL: the window is a breach's, so the rows are few, and both providers give the same answer.
        var people = touched.GroupBy(t => t.Person!.Value)
            .Select(g => new { Id = g.Key, Count = g.Count(), First = g.Min(t => t.At), Last = g.Max(t => t.At) }).ToList();
        var ids = people.Select(p => p.Id).ToList();
        var accounts = await db.Users.Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Email, a.FullName }).ToDictionaryAsync(a => a.Id, ct);
        return [.. people
            .Select(p => accounts.TryGetValue(p.Id, out var account)
                ? new AffectedPerson(p.Id, account.Email, account.FullName, p.Count, p.First, p.Last)
                : new AffectedPerson(p.Id, null, null, p.Count, p.First, p.Last))
            .OrderByDescending(p => p.Accesses).ThenBy(p => p.AccountId)];
    }
}
