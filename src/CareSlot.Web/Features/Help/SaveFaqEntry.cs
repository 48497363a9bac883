using System.ComponentModel.DataAnnotations;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Help;

/// <summary>An FAQ entry as administrators send it (API) or type it (page). Published defaults to false, order to 0.</summary>
public sealed record FaqEntryRequest(string? Language, string? Topic, string? Question,
    [property: DataType(DataType.MultilineText)] string? Answer, int? Order, bool? Published);

/// <summary>
/// Administrators add, change and delete FAQ entries; each change has its audit row in the same transaction. The answer is
/// rendered and sanitized here, once, and stored beside the Markdown.
/// </summary>
public sealed class SaveFaqEntry(CareSlotDb db, AuditTrail audit, FaqMarkdown markdown, IClock clock, IStringLocalizer<HelpText> text)
{
    public const int MaxOrder = 10_000;

    public async Task<Outcome<FaqEntry>> CreateAsync(FaqEntryRequest request, CancellationToken ct)
    {
        var checkedContent = Check(request);
        if (checkedContent.Problem is { } problem) return problem;
        var entry = new FaqEntry(checkedContent.Value!, clock.GetCurrentInstant());
        db.FaqEntries.Add(entry);
        await SaveAsync(entry, AuditActions.FaqEntryCreated, ct);
        return new Outcome<FaqEntry>(entry, null);
    }

    public async Task<Outcome<FaqEntry>> UpdateAsync(int id, FaqEntryRequest request, CancellationToken ct)
    {
        var entry = await db.FaqEntries.SingleOrDefaultAsync(e => e.Id == id, ct);
        if (entry is null) return NotFound(text);
        var checkedContent = Check(request);
        if (checkedContent.Problem is { } problem) return problem;
        entry.Change(checkedContent.Value!, clock.GetCurrentInstant());
        await SaveAsync(entry, AuditActions.FaqEntryUpdated, ct);
        return new Outcome<FaqEntry>(entry, null);
    }

    public async Task<Outcome<bool>> DeleteAsync(int id, CancellationToken ct)
    {
        var entry = await db.FaqEntries.SingleOrDefaultAsync(e => e.Id == id, ct);
        if (entry is null) return NotFound(text);
        db.FaqEntries.Remove(entry);
        await SaveAsync(entry, AuditActions.FaqEntryDeleted, ct);
        return new Outcome<bool>(true, null);
    }

    /// <summary>The answer as it would show, for the edit page's preview; nothing is saved.</summary>
    public string Preview(string? answer) => markdown.ToSafeHtml(answer ?? "");

    public static UseCaseProblem NotFound(IStringLocalizer<HelpText> text) =>
        UseCaseProblem.NotFound(text["FAQ entry not found."], text["There is no FAQ entry with that id."]);

    private Outcome<FaqContent> Check(FaqEntryRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var language = request.Language?.Trim().ToLowerInvariant();
        if (language is null || !FaqLanguages.All.Contains(language)) errors["language"] = [text["Choose the language en or de."]];
        var topic = request.Topic?.Trim();
        if (InputText.IsBlank(topic) || topic!.Length > FaqEntry.TopicMaxLength || HasControl(topic, multiline: false))
        {
            errors["topic"] = [text["Enter a topic of at most {0} characters, on one line.", FaqEntry.TopicMaxLength]];
        }
        var question = request.Question?.Trim();
        if (InputText.IsBlank(question) || question!.Length > FaqEntry.QuestionMaxLength || HasControl(question, multiline: false))
        {
            errors["question"] = [text["Enter the question, at most {0} characters, on one line.", FaqEntry.QuestionMaxLength]];
        }
        var answer = request.Answer?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (InputText.IsBlank(answer) || answer!.Length > FaqEntry.AnswerMaxLength || HasControl(answer, multiline: true))
        {
            errors["answer"] = [text["Enter the answer in Markdown, at most {0} characters.", FaqEntry.AnswerMaxLength]];
        }
        var order = request.Order ?? 0;
        if (order is < 0 or > MaxOrder) errors["order"] = [text["Enter an order from 0 to {0}.", MaxOrder]];
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        return new Outcome<FaqContent>(new FaqContent(language!, topic!, question!, answer!, markdown.ToSafeHtml(answer!), order, request.Published ?? false), null);
    }

    /// <summary>Pages and the API refuse these at the edge already; checked again because the use case stores what it is given.</summary>
    private static bool HasControl(string value, bool multiline) =>
        value.Any(c => char.IsControl(c) && c != '\t' && !(multiline && c == '\n')) || value.Any(char.IsSurrogate) && !IsWellFormed(value);

    private static bool IsWellFormed(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) i++;
            else if (char.IsSurrogate(value[i])) return false;
        }
        return true;
    }

    private async Task SaveAsync(FaqEntry entry, string action, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(new AuditEvent(action, AuditOutcome.Allowed, Record: $"faq {entry.Id} {entry.Language}"), ct);
            await transaction.CommitAsync(ct);
        });
    }
}
