using System.Text.RegularExpressions;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Help;

/// <summary>One published question as visitors see it.</summary>
public sealed record FaqItem(int Id, string Language, string Topic, string Question, string AnswerHtml);

/// <summary>The questions of one topic, in their order.</summary>
public sealed record FaqTopic(string Topic, IReadOnlyList<FaqItem> Entries);

/// <summary>
/// What the FAQ shows: the topics of one language (the asked one, else English when it has none), or, for a search, the
/// matching questions best first. <see cref="Searched"/> tells the two apart; a search with no words to look for finds nothing.
/// </summary>
public sealed record FaqPage(string Language, string? Q, string? Topic, bool Searched, IReadOnlyList<FaqItem> Results,
    IReadOnlyList<FaqTopic> Topics, IReadOnlyList<string> AllTopics);

/// <summary>An entry for administrators, with its votes.</summary>
public sealed record FaqAdminRow(int Id, string Language, string Topic, string Question, int Order, bool IsPublished, int Helpful, int NotHelpful,
    NodaTime.Instant UpdatedAt);

/// <summary>One entry as administrators edit it.</summary>
public sealed record FaqAdminEntry(int Id, string Language, string Topic, string Question, string AnswerMarkdown, string AnswerHtml, int Order,
    bool IsPublished, int Helpful, int NotHelpful, NodaTime.Instant UpdatedAt);

/// <summary>
/// Reading the FAQ. Search is the database's own full-text search: FTS5 with bm25 on SQLite, a tsvector with ts_rank on
/// PostgreSQL, the question weighing more than the answer on both. The words of the query are taken out of it (letters and
/// digits only) and each is quoted as a prefix, so no character anyone types is ever read as search syntax.
/// </summary>
public sealed partial class FaqQueries(CareSlotDb db, IStringLocalizer<HelpText> text)
{
    public const int QueryMaxLength = 200;
    public const int MaxTerms = 8;
    public const int MaxResults = 50;

    /// <summary>Checks the filters: a 400 naming q, topic or lang, or the page.</summary>
    public async Task<Outcome<FaqPage>> ReadAsync(string? q, string? topic, string? language, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        q = q?.Trim();
        topic = topic?.Trim();
        if (q is { Length: > QueryMaxLength }) errors["q"] = [text["Search with at most {0} characters.", QueryMaxLength]];
        else if (q is not null && q.Any(char.IsControl)) errors["q"] = [text["Search with words only: control characters are not allowed."]];
        if (topic is { Length: > FaqEntry.TopicMaxLength } || topic is not null && topic.Any(char.IsControl)) errors["topic"] = [text["There is no such topic."]];
        if (language is not null && !FaqLanguages.All.Contains(language)) errors["lang"] = [text["Choose the language en or de."]];
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);

        var wanted = language ?? FaqLanguages.Current();
        var shown = wanted == FaqLanguages.English || await db.FaqEntries.AnyAsync(e => e.IsPublished && e.Language == wanted, ct)
            ? wanted : FaqLanguages.English;
        if (string.IsNullOrEmpty(topic)) topic = null;
        var allTopics = await db.FaqEntries.AsNoTracking().Where(e => e.IsPublished && e.Language == shown)
            .GroupBy(e => e.Topic).Select(g => new { Topic = g.Key, First = g.Min(e => e.Order) }).ToListAsync(ct);
        var topics = allTopics.OrderBy(t => t.First).ThenBy(t => t.Topic, StringComparer.Ordinal).Select(t => t.Topic).ToList();

        if (!string.IsNullOrEmpty(q))
        {
            var results = await SearchAsync(q, topic, shown, ct);
            return new Outcome<FaqPage>(new FaqPage(shown, q, topic, true, results, [], topics), null);
        }

        var entries = await db.FaqEntries.AsNoTracking()
            .Where(e => e.IsPublished && e.Language == shown && (topic == null || e.Topic == topic))
            .OrderBy(e => e.Order).ThenBy(e => e.Id)
            .Select(e => new FaqItem(e.Id, e.Language, e.Topic, e.Question, e.AnswerHtml)).ToListAsync(ct);
        var groups = entries.GroupBy(e => e.Topic).Select(g => new FaqTopic(g.Key, [.. g]))
            .OrderBy(g => topics.IndexOf(g.Topic)).ToList();
        return new Outcome<FaqPage>(new FaqPage(shown, null, topic, false, [], groups, topics), null);
    }

    /// <summary>The words of a query as the search reads them: runs of letters and digits, at most <see cref="MaxTerms"/>, lower case.</summary>
    public static IReadOnlyList<string> Terms(string q) =>
        [.. Word().Matches(q).Select(m => m.Value.ToLowerInvariant()).Where(w => w.Length <= 64).Distinct().Take(MaxTerms)];

    private async Task<IReadOnlyList<FaqItem>> SearchAsync(string q, string? topic, string language, CancellationToken ct)
    {
        var terms = Terms(q);
        if (terms.Count == 0) return [];
        List<int> ranked;
        if (db.Database.IsNpgsql())
        {
            // Each term is letters and digits only, so quoting it is all to_tsquery needs; ':*' makes it a prefix.
            var query = string.Join(" & ", terms.Select(t => $"'{t}':*"));
            ranked = await db.Database.SqlQuery<int>($"""
                SELECT e."Id" AS "Value" FROM "FaqEntries" e, to_tsquery('simple', {query}) query
                WHERE e."SearchVector" @@ query AND e."IsPublished" AND e."Language" = {language}
                ORDER BY ts_rank(e."SearchVector", query) DESC, e."Id" LIMIT {MaxResults}
                """).ToListAsync(ct);
        }
        else
        {
            // A quoted string is always a plain term in FTS5 (NEAR, OR, -, * inside it are text); '*' after it makes it a prefix.
            var match = string.Join(" ", terms.Select(t => $"\"{t}\"*"));
            ranked = await db.Database.SqlQuery<int>($"""
                SELECT "FaqSearch".rowid AS "Value" FROM "FaqSearch" JOIN "FaqEntries" e ON e."Id" = "FaqSearch".rowid
                WHERE "FaqSearch" MATCH {match} AND e."IsPublished" = 1 AND e."Language" = {language}
                ORDER BY bm25("FaqSearch", 10.0, 1.0), e."Id" LIMIT {MaxResults}
                """).ToListAsync(ct);
        }
        var found = await db.FaqEntries.AsNoTracking().Where(e => ranked.Contains(e.Id) && (topic == null || e.Topic == topic))
            .Select(e => new FaqItem(e.Id, e.Language, e.Topic, e.Question, e.AnswerHtml)).ToListAsync(ct);
        return [.. found.OrderBy(e => ranked.IndexOf(e.Id))];
    }

    public async Task<IReadOnlyList<FaqAdminRow>> ListForAdminAsync(CancellationToken ct)
    {
        var rows = await db.FaqEntries.AsNoTracking()
            .Select(e => new FaqAdminRow(e.Id, e.Language, e.Topic, e.Question, e.Order, e.IsPublished,
                db.FaqVotes.Count(v => v.EntryId == e.Id && v.Helpful), db.FaqVotes.Count(v => v.EntryId == e.Id && !v.Helpful), e.UpdatedAt))
            .ToListAsync(ct);
        return [.. rows.OrderBy(r => r.Language, StringComparer.Ordinal).ThenBy(r => r.Topic, StringComparer.Ordinal).ThenBy(r => r.Order).ThenBy(r => r.Id)];
    }

    public Task<FaqAdminEntry?> FindForAdminAsync(int id, CancellationToken ct) =>
        db.FaqEntries.AsNoTracking().Where(e => e.Id == id)
            .Select(e => new FaqAdminEntry(e.Id, e.Language, e.Topic, e.Question, e.AnswerMarkdown, e.AnswerHtml, e.Order, e.IsPublished,
                db.FaqVotes.Count(v => v.EntryId == e.Id && v.Helpful), db.FaqVotes.Count(v => v.EntryId == e.Id && !v.Helpful), e.UpdatedAt))
            .SingleOrDefaultAsync(ct);

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
