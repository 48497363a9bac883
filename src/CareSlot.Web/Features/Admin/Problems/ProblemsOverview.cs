using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Observability;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Admin.Problems;

/// <summary>A failed message as the problems page lists it: never its content, only which template, to whom, and the cause.</summary>
public sealed record FailedMessage(long Id, string Template, string? Recipient, int Attempts, Instant CreatedAt, string? LastError);

public sealed record ProblemOccurrence(long Id, Instant At, string? CorrelationId);

/// <summary>Unhandled errors of one kind: the same exception type on the same route.</summary>
public sealed record ErrorGroup(string ExceptionType, string Source, int Count, IReadOnlyList<ProblemOccurrence> Latest);

public sealed record ProblemsSummary(int FailedMessageCount, IReadOnlyList<FailedMessage> LatestFailedMessages,
    IReadOnlyList<TechnicalProblem> BackgroundFailures, IReadOnlyList<ErrorGroup> ErrorGroups);

/// <summary>What the administrators' problems page shows: failed messages, failed background work, unhandled errors by kind.</summary>
public sealed class ProblemsOverview(CareSlotDb db)
{
    public const int ListLength = 10;
    public const int OccurrencesPerGroup = 5;

    public async Task<ProblemsSummary> SummarizeAsync(CancellationToken ct)
    {
        var failed = db.OutboxMessages.AsNoTracking().Where(m => m.State == OutboxState.Failed);
        var failedCount = await failed.CountAsync(ct);
        var latestFailed = await failed.OrderByDescending(m => m.Id).Take(ListLength)
            .Select(m => new FailedMessage(m.Id, m.Template.ToString(), m.SentTo ?? m.Address, m.Attempts, m.CreatedAt, m.LastError))
            .ToListAsync(ct);
        var background = await db.TechnicalProblems.AsNoTracking().Where(p => p.Kind == TechnicalProblemKind.BackgroundWork)
            .OrderByDescending(p => p.Id).Take(ListLength).ToListAsync(ct);
        // The table holds at most 10,000 rows (TechnicalProblemLog), so grouping them all stays cheap.
        var groups = await db.TechnicalProblems.AsNoTracking().Where(p => p.Kind == TechnicalProblemKind.UnhandledError)
            .GroupBy(p => new { p.ExceptionType, p.Source })
            .Select(g => new { g.Key.ExceptionType, g.Key.Source, Count = g.Count(), Newest = g.Max(p => p.Id) })
            .OrderByDescending(g => g.Newest).Take(ListLength * 2)
            .ToListAsync(ct);
        var errorGroups = new List<ErrorGroup>();
        foreach (var group in groups)
        {
            var latest = await db.TechnicalProblems.AsNoTracking()
                .Where(p => p.Kind == TechnicalProblemKind.UnhandledError && p.ExceptionType == group.ExceptionType && p.Source == group.Source)
                .OrderByDescending(p => p.Id).Take(OccurrencesPerGroup)
                .Select(p => new ProblemOccurrence(p.Id, p.At, p.CorrelationId)).ToListAsync(ct);
            errorGroups.Add(new ErrorGroup(group.ExceptionType, group.Source, group.Count, latest));
        }
        return new ProblemsSummary(failedCount, latestFailed, background, errorGroups);
    }

    /// <summary>The entries of the request a user quoted the correlation id of.</summary>
    public async Task<IReadOnlyList<TechnicalProblem>> FindAsync(string correlationId, CancellationToken ct) =>
        await db.TechnicalProblems.AsNoTracking().Where(p => p.CorrelationId == correlationId).OrderByDescending(p => p.Id).Take(ListLength).ToListAsync(ct);
}
