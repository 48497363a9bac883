using System.Net;
using System.Text.Json.Nodes;
using CareSlot.Web.Platform.Operations.Backups;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Platform.Operations;

/// <summary>Backups every day at 02:00 UTC into a folder of the test's own.</summary>
public sealed class ScheduledBackupSqliteApp : SqliteApp
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("careslot-scheduled-").FullName;

    protected override Dictionary<string, string?> ExtraSettings => ScheduledBackupSettings.Over(base.ExtraSettings, Folder);

    protected override void CleanUp()
    {
        base.CleanUp();
        ScheduledBackupSettings.Remove(Folder);
    }
}

public sealed class ScheduledBackupPostgresApp(PostgresServer server) : BackedUpPostgresApp(server)
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("careslot-scheduled-").FullName;

    protected override Dictionary<string, string?> ExtraSettings => ScheduledBackupSettings.Over(base.ExtraSettings, Folder);

    protected override void CleanUp()
    {
        base.CleanUp();
        ScheduledBackupSettings.Remove(Folder);
    }
}

internal static class ScheduledBackupSettings
{
    public static Dictionary<string, string?> Over(Dictionary<string, string?> settings, string folder)
    {
        settings["Backup:Schedule"] = "0 2 * * *";
        settings["Backup:TimeZone"] = "UTC";
        settings["Backup:Folder"] = folder;
        return settings;
    }

    public static void Remove(string folder)
    {
        if (File.Exists(folder)) File.Delete(folder);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}

public sealed class BackupScheduleTestsOnSqlite(ScheduledBackupSqliteApp app) : BackupScheduleTests(app, app.Folder), IClassFixture<ScheduledBackupSqliteApp>;

public sealed class BackupScheduleTestsOnPostgres(ScheduledBackupPostgresApp app) : BackupScheduleTests(app, app.Folder), IClassFixture<ScheduledBackupPostgresApp>;

/// <summary>
/// Backups on a schedule (issue 21 item 1): at 02:00 on the injected clock one instance claims the occurrence and backs up;
/// readiness is amber until the first good backup and again once the last good one is older than the schedule allows (a
/// run that failed does not count, and is listed with its cause); administrators back up on demand, audited.
/// </summary>
public abstract class BackupScheduleTests(CareSlotApp app, string folder)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string?> BackupReadinessAsync()
    {
        var body = JsonNode.Parse(await app.CreateClient().GetStringAsync(new Uri("/health/ready", UriKind.Relative), Ct))!;
        var check = body["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "backups")!;
        return $"{check["status"]!.GetValue<string>()}: {check["description"]?.GetValue<string>()}";
    }

    private async Task<BackupRun> RunAsync(Func<BackupRun, bool> which)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var runs = await app.WithDbAsync(db => db.BackupRuns.AsNoTracking().ToListAsync(Ct));
            if (runs.FirstOrDefault(r => r.FinishedAt is not null && which(r)) is { } run) return run;
            await Task.Delay(20, deadline.Token);
        }
    }

    [Fact]
    public async Task ScheduledBackup_RunsOnceAtItsTime_ReadinessTurnsAmberWhenTheLastGoodOneIsTooOld_AndAdminsBackUpOnDemand()
    {
        Assert.StartsWith("Degraded: No good backup yet.", await BackupReadinessAsync(), StringComparison.Ordinal);

        var occurrence = new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);
        app.Clock.Advance(occurrence - app.Clock.GetUtcNow());
        var first = await RunAsync(r => r.Trigger == BackupTrigger.Scheduled);
        Assert.True(first.Succeeded, first.Error);
        Assert.Equal(NodaTime.Instant.FromDateTimeOffset(occurrence), first.ScheduledFor);
        Assert.True(File.Exists(Path.Combine(folder, first.FileName!)));
        Assert.StartsWith("Healthy: Last good backup", await BackupReadinessAsync(), StringComparison.Ordinal);

        // A second instance waking for the same occurrence finds it claimed.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<DatabaseBackups>().ClaimScheduledAsync(first.ScheduledFor!.Value, Ct));
        }

        // The folder's path becomes a file: the next night's run fails, and by then the good one is 26 hours old.
        Directory.Delete(folder, recursive: true);
        await File.WriteAllTextAsync(folder, "in the way", Ct);
        app.Clock.Advance(TimeSpan.FromHours(26));
        var failed = await RunAsync(r => !r.Succeeded);
        Assert.Equal(BackupTrigger.Scheduled, failed.Trigger);
        Assert.False(string.IsNullOrEmpty(failed.Error));
        Assert.StartsWith("Degraded: Last good backup 26.0 h ago; the schedule allows 25.0 h.", await BackupReadinessAsync(), StringComparison.Ordinal);

        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var page = await (await admin.Browser.GetAsync(new Uri("/admin/backups", UriKind.Relative), Ct)).ReadHtmlAsync();
        Assert.Contains("Older than the schedule allows.", page.QuerySelector(".backup-state")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(failed.Error!, page.QuerySelector("tbody")!.TextContent, StringComparison.Ordinal);

        File.Delete(folder);
        var posted = await admin.Browser.PostPageAsync("/admin/backups");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        page = await (await admin.Browser.GetAsync(new Uri("/admin/backups", UriKind.Relative), Ct)).ReadHtmlAsync();
        var manual = await RunAsync(r => r.Trigger == BackupTrigger.Manual);
        Assert.True(manual.Succeeded, manual.Error);
        Assert.Contains($"Backup written: {manual.FileName}.", page.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Older than the schedule allows.", page.QuerySelector(".backup-state")!.TextContent, StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.AuditTrail.AnyAsync(e => e.Action == AuditActions.BackupCreated && e.Record == $"backup {manual.FileName}", Ct)));
        Assert.StartsWith("Healthy: Last good backup", await BackupReadinessAsync(), StringComparison.Ordinal);
    }
}
