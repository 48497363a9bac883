using CareSlot.Web.Features.Privacy;
using CareSlot.Web.Features.Retention.Compliance;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Privacy;

public sealed class PendingErasuresCheckTestsOnSqlite(SqliteApp app) : PendingErasuresCheckTests(app), IClassFixture<SqliteApp>;

public sealed class PendingErasuresCheckTestsOnPostgres(PostgresApp app) : PendingErasuresCheckTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// compliance-report's erasure item: nothing open is OK; a request held by a dispute or ticket is a WARN for a month and a
/// FAIL after; one left pending for over a day (an interrupted erasure) is a FAIL.
/// </summary>
public abstract class PendingErasuresCheckTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<ComplianceItem> CheckAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var check = scope.ServiceProvider.GetServices<IComplianceCheck>().OfType<PendingErasuresCheck>().Single();
        return await check.CheckAsync(Ct);
    }

    [Fact]
    public async Task HeldRequests_WarnForAMonth_ThenFail_AndAStuckPendingOneFails()
    {
        Assert.Equal(ComplianceStatus.Ok, (await CheckAsync()).Status);
        var now = NodaTime.Instant.FromDateTimeOffset(app.Clock.GetUtcNow());
        var patients = await app.CreatePatientsAsync(2);
        var held = new ErasureRequest(patients[0].Id, now);
        held.Hold("ticket 7");
        var pending = new ErasureRequest(patients[1].Id, now);
        await app.WithDbAsync(async db =>
        {
            db.ErasureRequests.AddRange(held, pending);
            return await db.SaveChangesAsync(Ct);
        });
        try
        {
            Assert.Equal(ComplianceStatus.Warn, (await CheckAsync()).Status);

            app.Clock.Advance(TimeSpan.FromDays(2));
            var stuck = await CheckAsync();
            Assert.Equal(ComplianceStatus.Fail, stuck.Status);
            Assert.Contains("1 pending for over a day", stuck.Detail, StringComparison.Ordinal);

            await app.WithDbAsync(db => db.ErasureRequests.Where(e => e.Id == pending.Id).ExecuteDeleteAsync(Ct));
            Assert.Equal(ComplianceStatus.Warn, (await CheckAsync()).Status);
            app.Clock.Advance(TimeSpan.FromDays(29));
            Assert.Equal(ComplianceStatus.Fail, (await CheckAsync()).Status);
        }
        finally
        {
            await app.WithDbAsync(db => db.ErasureRequests.Where(e => e.Id == held.Id || e.Id == pending.Id).ExecuteDeleteAsync(Ct));
        }
    }
}
