using System.Text.Json.Nodes;
using CareSlot.Web.Platform.Operations.Backups;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Operations;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Tests.Features.Appointments;

namespace CareSlot.Web.Tests.Features.Admin;

/// <summary>
/// Backups every day at 02:00 UTC into a folder whose path is a file: every scheduled run fails (and does not count), so
/// only the test's own <c>backup --to</c> makes a good one, and the clock alone ages it.
/// </summary>
public sealed class BlockedBackupSqliteApp : SqliteApp
{
    public string Blocked { get; } = BlockedBackupFolder.Create();

    protected override Dictionary<string, string?> ExtraSettings => BlockedBackupFolder.Over(base.ExtraSettings, Blocked);

    protected override void CleanUp()
    {
        base.CleanUp();
        File.Delete(Blocked);
    }
}

public sealed class BlockedBackupPostgresApp(PostgresServer server) : BackedUpPostgresApp(server)
{
    public string Blocked { get; } = BlockedBackupFolder.Create();

    protected override Dictionary<string, string?> ExtraSettings => BlockedBackupFolder.Over(base.ExtraSettings, Blocked);

    protected override void CleanUp()
    {
        base.CleanUp();
        File.Delete(Blocked);
    }
}

internal static class BlockedBackupFolder
{
    public static string Create()
    {
        var path = Path.Combine(Path.GetTempPath(), $"careslot-blocked-{Guid.NewGuid():N}");
        File.WriteAllText(path, "in the way");
        return path;
    }

    public static Dictionary<string, string?> Over(Dictionary<string, string?> settings, string blocked)
    {
        settings["Backup:Schedule"] = "0 2 * * *";
        settings["Backup:TimeZone"] = "UTC";
        settings["Backup:Folder"] = blocked;
        return settings;
    }
}

public sealed class DashboardBackupTileTestsOnSqlite(BlockedBackupSqliteApp app) : DashboardBackupTileTests(app), IClassFixture<BlockedBackupSqliteApp>;

public sealed class DashboardBackupTileTestsOnPostgres(BlockedBackupPostgresApp app) : DashboardBackupTileTests(app), IClassFixture<BlockedBackupPostgresApp>;

/// <summary>
/// The dashboard's backups tile (issue 21 item 1): amber, said in words, until the first good backup and again once the
/// newest good one is older than the schedule allows (a daily schedule: 25 hours); green in between; it links the backups
/// page, and the JSON says the same. The rule is the one readiness uses, so both turn together.
/// </summary>
public abstract class DashboardBackupTileTests(CareSlotApp app) : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string folder = Directory.CreateTempSubdirectory("careslot-tile-").FullName;

    public void Dispose()
    {
        Directory.Delete(folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>The tile, the API's <c>backups</c> and readiness, read by an administrator signed in now (a session lasts hours, the test days).</summary>
    private async Task<(string State, string? Last, string? Link, JsonNode Json, string Readiness)> TileAsync()
    {
        // Past the figures' half minute in the dashboard's cache.
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        var admin = (await app.CreateApiUserAsync(Roles.Admin, multiFactor: true)).Client;
        using var response = await admin.GetAsync(new Uri("/admin/dashboard", UriKind.Relative), Ct);
        var page = await response.ReadHtmlAsync();
        var tile = page.QuerySelector("#backups-tile");
        Assert.True(tile is not null, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri} → {response.Headers.Location}: {page.Body?.TextContent[..Math.Min(2000, page.Body.TextContent.Length)]}");
        var json = JsonNode.Parse(await admin.GetStringAsync(new Uri("/api/v1/admin/dashboard", UriKind.Relative), Ct))!["backups"]!;
        var ready = JsonNode.Parse(await app.CreateClient().GetStringAsync(new Uri("/health/ready", UriKind.Relative), Ct))!;
        var check = ready["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "backups")!;
        return (Normalized(tile.QuerySelector("#backup-state")!.TextContent), tile.QuerySelector("#backup-last")?.TextContent.Trim(),
            tile.QuerySelector("a")?.GetAttribute("href"), json, check["status"]!.GetValue<string>());
    }

    private static string Normalized(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task BackupsTile_IsAmberWithoutAGoodBackup_GreenAfterOne_AndAmberAgainOnceTheClockPassesWhatTheScheduleAllows()
    {
        var (state, last, link, json, readiness) = await TileAsync();
        Assert.Equal("Overdue No good backup yet.", state);
        Assert.Null(last);
        Assert.Equal("/admin/backups", link);
        Assert.True(json["overdue"]!.GetValue<bool>());
        Assert.Equal("Degraded", readiness);

        using (var output = new StringWriter())
        {
            Assert.True(await BackupCommand.BackUpAsync(app.Services, ["backup", "--to", folder], output, Ct) == 0, output.ToString());
        }
        (state, last, _, json, readiness) = await TileAsync();
        Assert.Equal("Up to date Within the schedule, which allows 25.0 hours.", state);
        Assert.Matches(@"^Last good backup 0\.0 hours ago \(2026-\d\d-\d\dT\d\d:\d\d:\d\dZ UTC\), \d+(\.\d)? [KM]B\.$", last);
        Assert.False(json["overdue"]!.GetValue<bool>());
        Assert.True(json["sizeBytes"]!.GetValue<long>() > 0);
        Assert.Equal(25.0, json["allowedHours"]!.GetValue<double>());
        Assert.Equal("Healthy", readiness);

        // A day and two hours later; the 02:00 run on the way fails (its folder is a file), so the good backup only ages.
        app.Clock.Advance(TimeSpan.FromHours(26));
        (state, last, _, json, readiness) = await TileAsync();
        Assert.Equal("Overdue Older than the schedule allows (25.0 hours).", state);
        Assert.StartsWith("Last good backup 26.0 hours ago", last, StringComparison.Ordinal);
        Assert.True(json["overdue"]!.GetValue<bool>());
        Assert.Equal(26.0, json["ageHours"]!.GetValue<double>(), 0.1);
        Assert.Equal("Degraded", readiness);
    }
}
