using System.Diagnostics;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareSlot.Web.Tests.Platform.Security.Audit;

public sealed class AuditTrailTestsOnSqlite(SqliteApp app) : AuditTrailTests(app), IClassFixture<SqliteApp>;

public sealed class AuditTrailTestsOnPostgres(PostgresApp app) : AuditTrailTests(app), IClassFixture<PostgresApp>
{
    /// <summary>
    /// Every lane held by an open transaction: one more append waits for its lane, and once the holder commits, continues
    /// the chain from the holder's row, not from the head as the waiting statement first saw it.
    /// </summary>
    [Fact]
    public async Task Record_WhenEveryLaneIsHeld_WaitsForOne_AndContinuesFromTheHoldersRow()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = await app.AuditHeadAsync();
        var holders = new List<(AsyncServiceScope Scope, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction Transaction)>();
        try
        {
            for (var i = 0; i < AuditChainHead.Lanes; i++)
            {
                var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
                holders.Add((scope, await db.Database.BeginTransactionAsync(ct)));
                await scope.ServiceProvider.GetRequiredService<AuditTrail>()
                    .RecordAsync(new AuditEvent(AuditActions.MessageRead, AuditOutcome.Allowed, Guid.NewGuid(), $"holder {i}"), ct);
            }

            var waiter = app.RecordAuditAsync(new AuditEvent(AuditActions.MessageRead, AuditOutcome.Allowed, Guid.NewGuid(), "waiter"));
            await WaitUntilAsync(async () => await app.WithDbAsync(db => db.Database
                .SqlQuery<int>($"""SELECT count(*)::int AS "Value" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%careslot_audit_append%'""")
                .SingleAsync(ct)) == 1);
            Assert.False(waiter.IsCompleted);

            foreach (var (scope, transaction) in holders) await transaction.CommitAsync(ct);
            await waiter;
        }
        finally
        {
            foreach (var (scope, transaction) in holders)
            {
                await transaction.DisposeAsync();
                await scope.DisposeAsync();
            }
        }

        var rows = await app.AuditRowsAfterAsync(before);
        Assert.Equal(AuditChainHead.Lanes + 1, rows.Count);
        var waited = Assert.Single(rows, r => r.Record == "waiter");
        var holder = Assert.Single(rows, r => r.Lane == waited.Lane && r.Record != "waiter");
        Assert.Equal((holder.Sequence + 1, holder.Hash), (waited.Sequence, waited.PreviousHash));
        var (exitCode, output) = await app.VerifyAuditAsync();
        Assert.True(exitCode == 0, output);
    }

    /// <summary>Polls a condition another connection brings about (here: a statement starting to wait for a lock).</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "The append never waited for a lane.");
            await Task.Yield();
        }
    }
}

/// <summary>The mechanism: one call, one row, chained; in the caller's transaction; never flushing the caller's changes; linear under concurrency.</summary>
public abstract class AuditTrailTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Record_OneCall_WritesExactlyOneRow_WithItsFieldsAndTheLinkToTheRowBefore()
    {
        var before = await app.AuditHeadAsync();
        var patient = Guid.NewGuid();
        var doctor = Guid.NewGuid();

        await app.RecordAuditAsync(new AuditEvent(AuditActions.NoteRead, AuditOutcome.Allowed, patient, "visit-note 42", doctor, "Doctor"));

        var row = Assert.Single(await app.AuditRowsAfterAsync(before));
        Assert.Equal(1, row.Lane); // nothing else appends: the first lane is free
        Assert.Equal(AuditHash.ToMicroseconds(Instant.FromDateTimeOffset(app.Clock.GetUtcNow())), row.At);
        Assert.Equal((doctor, "Doctor", patient, "visit-note 42", AuditActions.NoteRead, AuditOutcome.Allowed), (row.ActorId!.Value, row.ActorRole, row.PatientId!.Value, row.Record, row.Action, row.Outcome));
        Assert.Null(row.ClientAddress); // no request
        Assert.Equal(AuditHash.Of(row), row.Hash);
        Assert.Equal((await app.PreviousInLaneAsync(row))?.Hash ?? AuditHash.Genesis, row.PreviousHash);
    }

    [Fact]
    public async Task Record_WithoutARequestOrActor_IsTheSystemsRow()
    {
        var before = await app.AuditHeadAsync();

        await app.RecordAuditAsync(new AuditEvent(AuditActions.RoleGranted, AuditOutcome.Allowed, Record: "account x role Admin"));

        var row = Assert.Single(await app.AuditRowsAfterAsync(before));
        Assert.Null(row.ActorId);
        Assert.Equal(AuditTrail.SystemRole, row.ActorRole);
    }

    [Fact]
    public async Task Record_InsideTheCallersTransaction_CommitsWithIt_AndRollsBackWithIt()
    {
        var before = await app.AuditHeadAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
            var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            await audit.RecordAsync(new AuditEvent(AuditActions.HistoryWrite, AuditOutcome.Allowed, Guid.NewGuid()), Ct);
            // Not yet visible elsewhere (PostgreSQL: uncommitted; SQLite: the reader sees the last commit).
            await transaction.RollbackAsync(Ct);
        }
        Assert.Empty(await app.AuditRowsAfterAsync(before));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
            var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            await audit.RecordAsync(new AuditEvent(AuditActions.HistoryWrite, AuditOutcome.Allowed, Guid.NewGuid()), Ct);
            await transaction.CommitAsync(Ct);
        }
        Assert.Single(await app.AuditRowsAfterAsync(before));
        var (exitCode, output) = await app.VerifyAuditAsync(); // the rolled-back row left no gap in its lane
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task Record_WithChangesPendingInTheCallersContext_NeitherSavesNorDropsThem()
    {
        var before = await app.AuditHeadAsync();
        var email = $"pending-{Guid.NewGuid():N}@example.com";
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        var account = new CareSlot.Web.Features.Accounts.Account
        {
            UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
            FullName = "Pending Person", SecurityStamp = Guid.NewGuid().ToString("N"),
        };
        db.Users.Add(account);

        await audit.RecordAsync(new AuditEvent(AuditActions.HistoryRead, AuditOutcome.Allowed, Guid.NewGuid()), Ct);

        Assert.Single(await app.AuditRowsAfterAsync(before));
        Assert.False(await app.WithDbAsync(other => other.Users.AnyAsync(u => u.Email == email, Ct)));
        Assert.Equal(EntityState.Added, db.Entry(account).State);
        Assert.Null(db.Database.CurrentTransaction); // its own transaction is over
        await db.SaveChangesAsync(Ct); // and the caller's save still works on the same connection
        Assert.True(await app.WithDbAsync(other => other.Users.AnyAsync(u => u.Email == email, Ct)));
    }

    [Fact]
    public async Task Record_ConcurrentlyFromTwoInstances_KeepsEachLaneOneLinearChain()
    {
        await using var second = new SecondInstanceApp(app);
        await second.InitializeAsync();
        var before = await app.AuditHeadAsync();
        const int perInstance = 60;
        const int writers = 6;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var instance = w % 2 == 0 ? app : (CareSlotApp)second;
            for (var i = 0; i < perInstance / (writers / 2); i++)
            {
                await instance.RecordAuditAsync(new AuditEvent(AuditActions.MessageRead, AuditOutcome.Allowed, Guid.NewGuid(), $"writer {w} call {i}"));
            }
        }, Ct)));

        var rows = await app.AuditRowsAfterAsync(before);
        Assert.Equal(2 * perInstance, rows.Count);
        var all = await app.WithDbAsync(db => db.AuditTrail.AsNoTracking().Select(e => new { e.Lane, e.Sequence }).ToListAsync(Ct));
        Assert.All(all.GroupBy(r => r.Lane), lane => Assert.Equal(Enumerable.Range(1, lane.Count()).Select(i => (long)i), lane.Select(r => r.Sequence).Order()));
        Assert.Equal(2 * perInstance, rows.Select(r => r.Record).Distinct().Count());
        var (exitCode, output) = await app.VerifyAuditAsync();
        Assert.True(exitCode == 0, output);
    }

    /// <summary>
    /// Not a gate (the machine is shared): prints appends per second with 16 writers, each append its own transaction,
    /// for docs/adr/0014. The bound that matters is that every row arrived, in one chain.
    /// </summary>
    [Fact]
    public async Task Record_ManyWritersForTwoSeconds_ReportsAppendsPerSecond()
    {
        var before = await app.AuditHeadAsync();
        var stopwatch = Stopwatch.StartNew();
        var count = 0;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (stopwatch.Elapsed < TimeSpan.FromSeconds(2))
            {
                await app.RecordAuditAsync(new AuditEvent(AuditActions.ReasonRead, AuditOutcome.Allowed, Guid.NewGuid()));
                Interlocked.Increment(ref count);
            }
        }, Ct)));
        var seconds = stopwatch.Elapsed.TotalSeconds;

        TestContext.Current.TestOutputHelper?.WriteLine($"{app.Provider}: {count / seconds:F0} appends/s with 16 writers ({count} in {seconds:F1} s)");
        Assert.Equal(count, (await app.AuditRowsAfterAsync(before)).Count);
        Assert.Equal(0, (await app.VerifyAuditAsync()).ExitCode);
    }

    [Fact]
    public async Task Record_MalformedWords_AreRefusedAsABug_AndWriteNothing()
    {
        var before = await app.AuditHeadAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => app.RecordAuditAsync(new AuditEvent("", AuditOutcome.Allowed)));
        await Assert.ThrowsAsync<ArgumentException>(() => app.RecordAuditAsync(new AuditEvent(AuditActions.NoteWrite, AuditOutcome.Allowed, Record: "note\nPatient reports chest pain")));
        await Assert.ThrowsAsync<ArgumentException>(() => app.RecordAuditAsync(new AuditEvent(AuditActions.NoteWrite, AuditOutcome.Allowed, Record: new string('x', 129))));

        Assert.Empty(await app.AuditRowsAfterAsync(before));
    }
}
