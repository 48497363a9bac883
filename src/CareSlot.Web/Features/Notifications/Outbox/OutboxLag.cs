using System.Data.Common;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Observability;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Notifications.Outbox;

/// <summary>
/// The outbox gauges' reading on /metrics: due messages not yet sent and the age of the oldest. A scrape gets the last
/// reading at once and, when it is older than <see cref="MaxAge"/>, starts one new reading in the background: a slow
/// database never holds up a scrape, and scrapes from several Prometheus servers cost one query.
/// </summary>
public sealed partial class OutboxLag(IServiceScopeFactory scopes, IClock clock, ILogger<OutboxLag> logger) : IOutboxReadings
{
    public static readonly Duration MaxAge = Duration.FromSeconds(15);

    private OutboxReading? last;
    private Instant readAt = Instant.MinValue;
    private int reading;

    public OutboxReading? Current()
    {
        if (clock.GetCurrentInstant() - readAt >= MaxAge && Interlocked.CompareExchange(ref reading, 1, 0) == 0)
        {
            _ = Task.Run(RefreshAsync);
        }
        return last;
    }

    /// <summary>Reads the outbox now (tests, and the background refresh).</summary>
    public async Task<OutboxReading> ReadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
        var now = clock.GetCurrentInstant();
        // The dispatcher's own index (State, DueAt) answers both.
        var due = db.Set<OutboxMessage>().AsNoTracking().Where(m => m.State == OutboxState.Pending && m.DueAt <= now);
        var backlog = await due.LongCountAsync(ct);
        var oldest = backlog == 0 ? (Instant?)null : await due.OrderBy(m => m.DueAt).Select(m => (Instant?)m.DueAt).FirstOrDefaultAsync(ct);
        var result = new OutboxReading(backlog, oldest is { } dueAt ? (now - dueAt).TotalSeconds : 0);
        last = result;
        readAt = now;
        return result;
    }

    private async Task RefreshAsync()
    {
        try
        {
            await ReadAsync(CancellationToken.None);
        }
        catch (Exception failure) when (failure is DbException or InvalidOperationException or TimeoutException)
        {
            LogReadFailed(logger, failure);
        }
        finally
        {
            Volatile.Write(ref reading, 0);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the outbox for its gauges on /metrics.")]
    private static partial void LogReadFailed(ILogger logger, Exception failure);
}
