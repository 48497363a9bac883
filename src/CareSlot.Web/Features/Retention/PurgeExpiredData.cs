using System.Globalization;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Features.Retention;

/// <summary>What one kind's part of a run removed (deleted or anonymised rows).</summary>
public sealed record RetentionResult(string Kind, long Removed);

/// <summary>
/// Deletes or anonymises, kind by kind, what has passed its retention period at the clock's "now", in batches of
/// <see cref="RetentionOptions.BatchSize"/> rows, each its own transaction; then logs the counts (never what the rows
/// held) and writes one audit row per kind that lost rows. Stopping between batches loses nothing: the next run goes on.
/// </summary>
public sealed partial class PurgeExpiredData(CareSlotDb db, AuditTrail audit, IClock clock, IOptions<RetentionOptions> options,
    ILogger<PurgeExpiredData> logger)
{
    /// <summary>The kinds this run takes: all of them, except in a test that needs one to fail.</summary>
    internal IReadOnlyList<RetentionRule> Rules { get; init; } = RetentionRules.All;

    /// <summary>What each kind has past its period now, removing nothing (`retention --dry-run`).</summary>
    public async Task<IReadOnlyList<RetentionBacklog>> MeasureAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var backlog = new List<RetentionBacklog>();
        foreach (var rule in Rules) backlog.Add(await rule.MeasureAsync(db, rule.Cutoff(options.Value, now), ct));
        return backlog;
    }

    /// <param name="progress">Told the kind and the rows removed so far after every batch.</param>
    /// <param name="byJob">The daily job, which leaves the audit trail to the command when <see cref="RetentionOptions.AuditTrailByJob"/> is off.</param>
    /// <exception cref="RetentionFailedException">A kind failed; the others were still done, and what was removed is audited.</exception>
    public async Task<IReadOnlyList<RetentionResult>> RunAsync(Action<string, long>? progress, CancellationToken ct, bool byJob = false)
    {
        var now = clock.GetCurrentInstant();
        var results = new List<RetentionResult>();
        var failed = new List<string>();
        foreach (var rule in Rules)
        {
            if (byJob && rule is AuditTrailRule && !options.Value.AuditTrailByJob) continue;
            var cutoff = rule.Cutoff(options.Value, now);
            long removed = 0;
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    var batch = await rule.PurgeBatchAsync(db, cutoff, options.Value.BatchSize, ct);
                    if (batch == 0) break;
                    removed += batch;
                    progress?.Invoke(rule.Kind, removed);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // One kind's failure (a role without DELETE on a table, a lock timeout) must not keep the others.
                LogKindFailed(rule.Kind, exception);
                failed.Add(rule.Kind);
            }
            LogKindPurged(rule.Kind, removed);
            results.Add(new(rule.Kind, removed));
        }
        foreach (var result in results.Where(r => r.Removed > 0))
        {
            await audit.RecordAsync(new AuditEvent(AuditActions.RetentionPurged, AuditOutcome.Allowed,
                Record: string.Create(CultureInfo.InvariantCulture, $"{result.Kind}: {result.Removed} rows"), ActorRole: AuditTrail.SystemRole), ct);
        }
        if (failed.Count > 0) throw new RetentionFailedException(failed, results);
        return results;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention of {Kind} failed; the next run goes on where it stopped")]
    private partial void LogKindFailed(string kind, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention removed {Rows} rows of {Kind}")]
    private partial void LogKindPurged(string kind, long rows);
}

/// <summary>Some kinds could not be purged (named); <see cref="Results"/> says what every kind removed all the same.</summary>
public sealed class RetentionFailedException(IReadOnlyList<string> kinds, IReadOnlyList<RetentionResult> results)
    : Exception($"Retention failed for: {string.Join(", ", kinds)}")
{
    public IReadOnlyList<string> Kinds { get; } = kinds;

    public IReadOnlyList<RetentionResult> Results { get; } = results;
}
