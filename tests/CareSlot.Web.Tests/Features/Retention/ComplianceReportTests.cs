using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Features.Retention;
using CareSlot.Web.Features.Retention.Compliance;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Features.Admin;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Retention;

public sealed class ComplianceReportTestsOnSqlite(SqliteApp app) : ComplianceReportTests(app), IClassFixture<SqliteApp>;

public sealed class ComplianceReportTestsOnPostgres(PostgresApp app) : ComplianceReportTests(app), IClassFixture<PostgresApp>;

/// <summary>`compliance-report` on a clean app passes; each seeded failing item makes it exit 1 and says which. Every test puts the state back.</summary>
public abstract class ComplianceReportTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(int ExitCode, string Output)> ReportAsync()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await ComplianceReportCommand.RunAsync(app.Services, ["compliance-report"], output, error, Ct);
        return (exitCode, output.ToString());
    }

    private static string LineOf(string output, string item) =>
        output.Split('\n').Single(l => l.Contains(item, StringComparison.Ordinal));

    [Fact]
    public async Task CleanApp_NoItemFails_EveryItemIsPrinted()
    {
        var (exitCode, output) = await ReportAsync();

        Assert.True(exitCode == 0, output);
        Assert.StartsWith("OK", LineOf(output, "audit chain"), StringComparison.Ordinal);
        Assert.StartsWith("OK", LineOf(output, "past retention"), StringComparison.Ordinal);
        Assert.StartsWith("WARN", LineOf(output, "last good backup"), StringComparison.Ordinal);
        // Test apps run without a schedule (CareSlotApp), so the item warns that backups are not made by themselves.
        Assert.Contains("scheduled backups are off", LineOf(output, "last good backup"), StringComparison.Ordinal);
        Assert.Contains("field encryption", output, StringComparison.Ordinal);
        Assert.Contains("staff two-factor", output, StringComparison.Ordinal);
        Assert.Contains("dependency advisories", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdministratorWithoutTwoFactor_Fails()
    {
        var admin = await app.CreateAccountAsync("Careless Admin", role: Roles.Admin);
        try
        {
            var (exitCode, output) = await ReportAsync();
            Assert.Equal(1, exitCode);
            Assert.StartsWith("FAIL", LineOf(output, "staff two-factor"), StringComparison.Ordinal);
            Assert.Contains("1 administrators", output, StringComparison.Ordinal);
        }
        finally
        {
            await app.WithDbAsync(db => db.Users.Where(a => a.Id == admin.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.TwoFactorEnabled, true), Ct));
        }
        Assert.Equal(0, (await ReportAsync()).ExitCode);
    }

    [Fact]
    public async Task AnAlteredAuditRow_Fails()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync(
                new(AuditActions.AuditVerified, AuditOutcome.Allowed, Record: "to alter"), Ct);
        }
        var row = await app.WithDbAsync(db => db.AuditTrail.AsNoTracking().OrderBy(e => e.Id).FirstAsync(Ct));
        await app.WithDbAsync(db => db.AuditTrail.Where(e => e.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Action, "tampered"), Ct));
        try
        {
            var (exitCode, output) = await ReportAsync();
            Assert.Equal(1, exitCode);
            Assert.StartsWith("FAIL", LineOf(output, "audit chain"), StringComparison.Ordinal);
        }
        finally
        {
            await app.WithDbAsync(db => db.AuditTrail.Where(e => e.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Action, row.Action), Ct));
        }
    }

    [Fact]
    public async Task DataOverdueForRetention_Fails_UntilTheJobRuns()
    {
        var start = Instant.FromDateTimeOffset(app.Clock.GetUtcNow());
        await app.WithDbAsync(async db =>
        {
            var message = OutboxMessage.ForAccount(NotificationTemplate.PatientBooked, NotificationChannel.Email, "late@example.com", "content", start);
            message.MarkSent("late@example.com", start);
            db.OutboxMessages.Add(message);
            return await db.SaveChangesAsync(Ct);
        });

        // A day past its period is within the two days' grace: not yet a failure.
        app.Clock.SetUtcNow((start + Duration.FromDays(366)).ToDateTimeOffset());
        Assert.StartsWith("OK", LineOf((await ReportAsync()).Output, "past retention"), StringComparison.Ordinal);

        app.Clock.SetUtcNow((start + Duration.FromDays(368)).ToDateTimeOffset());
        var (exitCode, output) = await ReportAsync();
        Assert.Equal(1, exitCode);
        Assert.Contains("delivery-log", LineOf(output, "past retention"), StringComparison.Ordinal);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PurgeExpiredData>().RunAsync(null, Ct);
        }
        Assert.StartsWith("OK", LineOf((await ReportAsync()).Output, "past retention"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AThrowingCheck_IsAFailNotACrash()
    {
        var items = await ComplianceReportCommand.RunChecksAsync(new ThrowingServices(), Ct);
        Assert.Equal(ComplianceStatus.Fail, Assert.Single(items).Status);
    }

    [Theory]
    [InlineData(false, null, ComplianceStatus.Warn)]
    [InlineData(false, 100, ComplianceStatus.Warn)]
    [InlineData(true, null, ComplianceStatus.Warn)]
    [InlineData(true, 24, ComplianceStatus.Ok)]
    [InlineData(true, 26, ComplianceStatus.Fail)]
    public async Task LastGoodBackup_WarnsWithoutOneOrASchedule_FailsWhenOlderThanTheScheduleAllows(bool scheduled, int? hoursAgo, ComplianceStatus expected)
    {
        var now = Instant.FromUtc(2026, 12, 6, 12, 0);
        var check = new BackupCheck(new FixedBackups(scheduled, hoursAgo is { } h ? now - Duration.FromHours(h) : null, now));
        Assert.Equal(expected, (await check.CheckAsync(Ct)).Status);
    }

    /// <summary>A daily schedule: 24 hours between runs and one for the run.</summary>
    private sealed class FixedBackups(bool scheduled, Instant? last, Instant now) : CareSlot.Web.Platform.Operations.IBackupStatus
    {
        public Task<CareSlot.Web.Platform.Operations.BackupFreshness> FreshnessAsync(CancellationToken ct) =>
            Task.FromResult(new CareSlot.Web.Platform.Operations.BackupFreshness(scheduled, last, last is null ? null : 1024, Duration.FromHours(25), now));
    }

    private sealed class ThrowingCheck : IComplianceCheck
    {
        public Task<ComplianceItem> CheckAsync(CancellationToken ct) => throw new InvalidOperationException("boom");
    }

    private sealed class ThrowingServices : IServiceProvider
    {
        public object? GetService(Type serviceType) =>
            serviceType == typeof(IEnumerable<IComplianceCheck>) ? new IComplianceCheck[] { new ThrowingCheck() } : null;
    }
}
