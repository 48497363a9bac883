using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Retention;

/// <summary>What has passed its period for one kind of data: how many rows, and the oldest one's date (null when none).</summary>
public sealed record RetentionBacklog(string Kind, long Rows, Instant? Oldest);

/// <summary>
/// One kind of personal data with its retention period: which rows have passed it, and how to delete or anonymise them a
/// batch at a time. A batch is one transaction and selects only rows still due, so running it twice, or on two instances
/// at once, does the same as running it once (a second instance finds less or nothing to do).
/// </summary>
public abstract class RetentionRule
{
    /// <summary>The kind's name in settings-free words, as the command, the logs and the audit rows show it: "delivery-log".</summary>
    public abstract string Kind { get; }

    /// <summary>Rows older than this (by the kind's own date) have passed their period.</summary>
    public abstract Instant Cutoff(RetentionOptions options, Instant now);

    public abstract Task<RetentionBacklog> MeasureAsync(CareSlotDb db, Instant cutoff, CancellationToken ct);

    /// <summary>Deletes or anonymises up to <paramref name="batchSize"/> due rows in one transaction; answers how many (0 when none is left).</summary>
    public abstract Task<int> PurgeBatchAsync(CareSlotDb db, Instant cutoff, int batchSize, CancellationToken ct);

    /// <summary>The same instant <paramref name="years"/> calendar years earlier, in UTC (29 February becomes 28).</summary>
    protected static Instant YearsBefore(Instant now, int years) => now.InUtc().LocalDateTime.PlusYears(-years).InUtc().ToInstant();

    protected static Instant DaysBefore(Instant now, int days) => now - Duration.FromDays(days);

    /// <summary>Runs <paramref name="work"/> in one transaction under the provider's execution strategy.</summary>
    protected static async Task<int> InTransactionAsync(CareSlotDb db, Func<Task<int>> work, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var done = await work();
            await transaction.CommitAsync(ct);
            return done;
        });
    }
}
