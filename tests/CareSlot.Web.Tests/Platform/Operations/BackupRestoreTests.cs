using System.Net;
using System.Net.Http.Json;
using System.Text;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Operations.Backups;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Platform.Operations;

/// <summary>Settings of a second app that restores what the first backed up: the first one's keys, and an untouched database.</summary>
internal static class RestoreTarget
{
    public static Dictionary<string, string?> WithKeysOf(IReadOnlyDictionary<string, string?> source, Dictionary<string, string?> settings)
    {
        foreach (var (key, value) in source.Where(s => s.Key.StartsWith(PhiKeysOptions.VariablePrefix, StringComparison.OrdinalIgnoreCase)
            || s.Key.StartsWith(PhiKeysOptions.Section, StringComparison.OrdinalIgnoreCase)))
        {
            settings[key] = value;
        }
        return settings;
    }

    public static Dictionary<string, string?> Untouched(Dictionary<string, string?> settings)
    {
        settings["Database:MigrateOnStartup"] = "false";
        settings["Seed:Demo"] = "false";
        settings["Logging:LogLevel:Default"] = "Critical";
        return settings;
    }
}

public sealed class EmptySqliteTarget(IReadOnlyDictionary<string, string?> source) : SqliteApp
{
    protected override async Task<Dictionary<string, string?>> DatabaseSettingsAsync() =>
        RestoreTarget.WithKeysOf(source, await base.DatabaseSettingsAsync());

    protected override Dictionary<string, string?> ExtraSettings => RestoreTarget.Untouched(base.ExtraSettings);
}

public sealed class EmptyPostgresTarget(PostgresServer server, IReadOnlyDictionary<string, string?> source) : BackedUpPostgresApp(server)
{
    protected override async Task<Dictionary<string, string?>> DatabaseSettingsAsync() =>
        RestoreTarget.WithKeysOf(source, await base.DatabaseSettingsAsync());

    protected override Dictionary<string, string?> ExtraSettings => RestoreTarget.Untouched(base.ExtraSettings);
}

/// <summary>PostgreSQL with the test cluster's own pg_dump and pg_restore, whose version is the server's.</summary>
public class BackedUpPostgresApp : PostgresApp
{
    private readonly string tools;

    public BackedUpPostgresApp(PostgresServer server) : base(server) => tools = ServerTools.PostgresBinDirectory;

    protected override Dictionary<string, string?> ExtraSettings
    {
        get
        {
            var settings = base.ExtraSettings;
            settings["Backup:PostgresBinDirectory"] = tools;
            return settings;
        }
    }
}

public sealed class BackupRestoreTestsOnSqlite(SqliteApp app) : BackupRestoreTests(app), IClassFixture<SqliteApp>
{
    protected override CareSlotApp NewEmptyTarget() => new EmptySqliteTarget(App.DatabaseSettings);

    protected override IReadOnlyList<(string Title, string Unit)> BackupStages =>
        [("Copying the database (SQLite online backup):", "pages"), ("Sealing the copy (AES-256-GCM):", "MB")];

    protected override string RestoreFinishing => "Finishing: PRAGMA integrity_check ...";
}

public sealed class BackupRestoreTestsOnPostgres(BackedUpPostgresApp app, PostgresServer server) : BackupRestoreTests(app), IClassFixture<BackedUpPostgresApp>
{
    protected override CareSlotApp NewEmptyTarget() => new EmptyPostgresTarget(server, App.DatabaseSettings);

    protected override IReadOnlyList<(string Title, string Unit)> BackupStages => [("Dumping the tables (pg_dump):", "tables")];

    protected override string RestoreFinishing => "Finishing: pg_restore: indexes and constraints, then commit ...";
}

/// <summary>
/// Backups (issue 21 items 1–2): what <c>backup</c> writes is sealed whole and checksummed, and <c>restore</c> brings it back
/// into an empty database table for table, row for row, with health information still opening under the same keys; it
/// refuses a damaged or altered file, one whose key is not in the ring, one from a newer schema or another engine, and a
/// database that is not empty.
/// </summary>
public abstract class BackupRestoreTests(CareSlotApp app) : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string folder = Directory.CreateTempSubdirectory("careslot-backups-").FullName;

    protected CareSlotApp App => app;

    protected abstract CareSlotApp NewEmptyTarget();

    /// <summary>The stages a backup shows on this engine, each with its bar's unit.</summary>
    protected abstract IReadOnlyList<(string Title, string Unit)> BackupStages { get; }

    /// <summary>The line a restore prints once every byte is in, while the engine finishes.</summary>
    protected abstract string RestoreFinishing { get; }

    public void Dispose()
    {
        Directory.Delete(folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    private async Task<(Guid Appointment, string Marker)> BookWithReasonAsync()
    {
        var marker = $"backupmarker{Guid.NewGuid():N}";
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = await SecurityTestKit.SignInAsync(app, Caller.Patient);
        var response = await patient.Bearer.PostAsJsonAsync("/api/v1/appointments",
            new BookAppointmentRequest(doctor.DoctorId, doctor.TypeId, app.LocalTimeTomorrow(doctor, 11), $"Cough since {marker}"), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await response.Content.ReadFromJsonAsync<AppointmentView>(Ct))!.Id, marker);
    }

    private static async Task<(int Exit, string Output)> RunAsync(CareSlotApp on, params string[] args)
    {
        using var output = new StringWriter();
        var exit = args[0] == BackupCommand.BackupVerb
            ? await BackupCommand.BackUpAsync(on.Services, args, output, Ct)
            : await BackupCommand.RestoreAsync(on.Services, args, output, Ct);
        return (exit, output.ToString());
    }

    private async Task<string> BackUpAsync()
    {
        var (exit, output) = await RunAsync(app, "backup", "--to", folder);
        Assert.True(exit == 0, output);
        return Directory.GetFiles(folder, "*" + BackupFile.Extension).OrderDescending(StringComparer.Ordinal).First();
    }

    [Fact]
    public async Task Restore_IntoAnEmptyDatabase_BringsBackEveryTableRowForRow_AndSealedValuesOpen()
    {
        var (appointment, marker) = await BookWithReasonAsync();
        var clinic = await app.WithDbAsync(db => db.Clinics.Select(c => c.Name).FirstAsync(Ct));

        var backup = await BackUpAsync();
        var before = await app.WithDbAsync(db => DatabaseFingerprint.TakeAsync(db, Ct));

        var bytes = await File.ReadAllBytesAsync(backup, Ct);
        Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(clinic)) < 0, "A clinic's name, plain text in the database, is readable in the backup.");
        Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker)) < 0);
        Assert.Equal(await BackupFile.ChecksumAsync(backup, Ct), await BackupFile.ExpectedChecksumAsync(backup, Ct));

        await using var target = NewEmptyTarget();
        await target.InitializeAsync();
        var (exit, output) = await RunAsync(target, "restore", "--from", backup);
        Assert.True(exit == 0, output);

        var after = await target.WithDbAsync(db => DatabaseFingerprint.TakeAsync(db, Ct));
        Assert.True(before.Count > 40, $"Only {before.Count} tables seen.");
        Assert.Equal(before, after);
        await using var scope = target.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        var row = await db.Appointments.AsNoTracking().SingleAsync(a => a.Id == appointment, Ct);
        Assert.Contains(marker, scope.ServiceProvider.GetRequiredService<FieldProtector>().Open(row.Reason, appointment, Appointment.ReasonColumn), StringComparison.Ordinal);
    }

    /// <summary>
    /// The bars under <paramref name="title"/>: at least one, in <paramref name="unit"/>, never going back, the last at 100%
    /// (into a pipe or a file: a line per tenth, as rotate-keys prints).
    /// </summary>
    private static void AssertProgress(string output, string title, string unit)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var at = lines.IndexOf(title);
        Assert.True(at >= 0, $"No \"{title}\" in:\n{output}");
        var bars = lines.Skip(at + 1).TakeWhile(l => l.StartsWith('[')).ToList();
        Assert.True(bars.Count > 0, $"No progress under \"{title}\" in:\n{output}");
        var percents = bars.Select(bar =>
        {
            var match = System.Text.RegularExpressions.Regex.Match(bar, $@"^\[#*-*\] +[\d,]+/[\d,]+ {unit} +(\d+)%");
            Assert.True(match.Success, $"Not a bar in {unit}: {bar}");
            return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }).ToList();
        Assert.Equal(percents.Order(), percents);
        Assert.Equal(100, percents[^1]);
    }

    [Fact]
    public async Task BackupAndRestore_PrintTheirProgress_StageByStage()
    {
        await BookWithReasonAsync();
        var (exit, output) = await RunAsync(app, "backup", "--to", folder);
        Assert.True(exit == 0, output);
        foreach (var (title, unit) in BackupStages) AssertProgress(output, title, unit);
        var backup = Directory.GetFiles(folder, "*" + BackupFile.Extension).Single();

        await using var target = NewEmptyTarget();
        await target.InitializeAsync();
        (exit, output) = await RunAsync(target, "restore", "--from", backup);
        Assert.True(exit == 0, output);
        AssertProgress(output, "Reading the backup into the database:", "MB");
        Assert.Contains(RestoreFinishing, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_RefusesAFileThatIsDamagedAlteredOfANewerSchemaOrAnotherEngine_AndADatabaseThatIsNotEmpty()
    {
        await BookWithReasonAsync();
        var backup = await BackUpAsync();
        await using var target = NewEmptyTarget();
        await target.InitializeAsync();

        var (exit, output) = await RunAsync(app, "restore", "--from", backup);
        Assert.Equal(1, exit);
        Assert.Contains("The database is not empty", output, StringComparison.Ordinal);

        var bytes = await File.ReadAllBytesAsync(backup, Ct);
        var flipped = Path.Combine(folder, "flipped" + BackupFile.Extension);
        bytes[^40] ^= 0x01;
        await File.WriteAllBytesAsync(flipped, bytes, Ct);
        File.Copy(backup + BackupFile.ChecksumExtension, flipped + BackupFile.ChecksumExtension);
        (exit, output) = await RunAsync(target, "restore", "--from", flipped);
        Assert.Equal(1, exit);
        Assert.Contains("does not match its checksum", output, StringComparison.Ordinal);

        // Someone who alters the file and writes a matching checksum is caught by the seal.
        await BackupFile.WriteChecksumFileAsync(flipped, await BackupFile.ChecksumAsync(flipped, Ct), Ct);
        (exit, output) = await RunAsync(target, "restore", "--from", flipped);
        Assert.Equal(1, exit);
        Assert.Contains("altered or damaged", output, StringComparison.Ordinal);

        var cut = Path.Combine(folder, "cut" + BackupFile.Extension);
        await File.WriteAllBytesAsync(cut, (await File.ReadAllBytesAsync(backup, Ct))[..^100], Ct);
        await BackupFile.WriteChecksumFileAsync(cut, await BackupFile.ChecksumAsync(cut, Ct), Ct);
        (exit, output) = await RunAsync(target, "restore", "--from", cut);
        Assert.Equal(1, exit);
        Assert.Contains("cut short", output, StringComparison.Ordinal);

        var keys = app.Services.GetRequiredService<PhiKeyRing>();
        var future = await SealAsync("future", BackupFile.NewHeader(app.Provider, "29991231235959_FromAFutureVersion", NodaTime.Instant.FromUnixTimeSeconds(0), keys));
        (exit, output) = await RunAsync(target, "restore", "--from", future);
        Assert.Equal(1, exit);
        Assert.Contains("comes from a newer CareSlot", output, StringComparison.Ordinal);

        var other = app.Provider == DatabaseProvider.Sqlite ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var otherEngine = await SealAsync("other", BackupFile.NewHeader(other, "", NodaTime.Instant.FromUnixTimeSeconds(0), keys));
        (exit, output) = await RunAsync(target, "restore", "--from", otherEngine);
        Assert.Equal(1, exit);
        Assert.Contains($"is of a {other} database", output, StringComparison.Ordinal);

        File.Delete(backup + BackupFile.ChecksumExtension);
        (exit, output) = await RunAsync(target, "restore", "--from", backup);
        Assert.Equal(1, exit);
        Assert.Contains("There is no checksum beside the backup", output, StringComparison.Ordinal);
        Assert.Equal(0L, await target.WithDbAsync(async db => (long)(await DatabaseFingerprint.TakeAsync(db, Ct)).Count));
    }

    [Fact]
    public async Task Restore_WithoutTheKeyItWasSealedWith_IsRefusedAndNamesTheKey_AndAnotherKeyOfTheSameNameOpensNothing()
    {
        var backup = await BackUpAsync();

        async Task<BackupRefusedException> OpenWithAsync(PhiKeyRing ring)
        {
            await using var input = File.OpenRead(backup);
            var header = await BackupFile.ReadHeaderAsync(input, Ct);
            return await Assert.ThrowsAsync<BackupRefusedException>(() => BackupFile.ReadBodyAsync(input, header, ring, Stream.Null, null, Ct));
        }

        var missing = await OpenWithAsync(new PhiKeyRing([new PhiKey("k9", new byte[PhiKeyRing.KeySize])]));
        Assert.Contains($"key '{CareSlotApp.TestKeyId}'", missing.Message, StringComparison.Ordinal);
        var impostor = await OpenWithAsync(new PhiKeyRing([new PhiKey(CareSlotApp.TestKeyId, new byte[PhiKeyRing.KeySize])]));
        Assert.Contains("altered or damaged (part 1 does not open)", impostor.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backups_BeyondKeep_AreRemovedOldestFirst_AndAHalfWrittenOneIsNotListed()
    {
        var backups = app.Services.CreateScope().ServiceProvider.GetRequiredService<DatabaseBackups>();
        await File.WriteAllTextAsync(Path.Combine(folder, "careslot-00000000T000000Z-aaaaaa" + BackupFile.Extension), "half", Ct);
        var first = await BackUpAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await BackUpAsync();

        var listed = backups.List(folder);
        Assert.Equal(2, listed.Count);
        Assert.Equal(Path.GetFileName(first), listed[^1].Name);
    }

    private async Task<string> SealAsync(string name, BackupHeader header)
    {
        var path = Path.Combine(folder, name + BackupFile.Extension);
        await using (var output = File.Create(path))
        {
            await BackupFile.WriteAsync(new MemoryStream("not a database"u8.ToArray()), output, header, app.Services.GetRequiredService<PhiKeyRing>(), null, Ct);
        }
        await BackupFile.WriteChecksumFileAsync(path, await BackupFile.ChecksumAsync(path, Ct), Ct);
        return path;
    }
}
