using System.Diagnostics;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using Npgsql;

namespace CareSlot.Web.Tests.Platform.Operations;

public sealed class RestoreDrillTestsOnSqlite(SqliteApp app) : RestoreDrillTests(app), IClassFixture<SqliteApp>
{
    protected override Dictionary<string, string> DrillSettings() => [];
}

public sealed class RestoreDrillTestsOnPostgres(BackedUpPostgresApp app) : RestoreDrillTests(app), IClassFixture<BackedUpPostgresApp>
{
    protected override Dictionary<string, string> DrillSettings()
    {
        var connection = new NpgsqlConnectionStringBuilder(App.DatabaseSettings["ConnectionStrings:Postgres"]);
        return new()
        {
            ["DRILL_PG_ADMIN"] = $"host={connection.Host} port={connection.Port} user={connection.Username} dbname=postgres",
            ["PG_BIN"] = ServerTools.PostgresBinDirectory,
            ["Backup__PostgresBinDirectory"] = ServerTools.PostgresBinDirectory,
        };
    }
}

/// <summary>
/// The restore drill (issue 21's "Done when", small data): <c>ops/restore-drill.sh</c> runs the published app's commands as
/// an operator would — fingerprint, backup, destroy the database, restore, fingerprint — and passes only when every table's
/// row count and content hash came back, then prints the RTO.
/// </summary>
public abstract class RestoreDrillTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected CareSlotApp App => app;

    protected abstract Dictionary<string, string> DrillSettings();

    [Fact]
    public async Task Drill_BacksUpDestroysRestores_AndEveryTableComesBack()
    {
        await app.CreateBookableDoctorAsync();
        await app.CreatePatientsAsync(3);

        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["CARESLOT"] = $"dotnet {Path.Combine(AppContext.BaseDirectory, "CareSlot.Web.dll")}",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Site__PublicOrigin"] = "http://localhost",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        start.ArgumentList.Add("ops/restore-drill.sh");
        foreach (var (key, value) in app.DatabaseSettings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        foreach (var (key, value) in DrillSettings()) start.Environment[key] = value;

        using var drill = Process.Start(start)!;
        var errors = drill.StandardError.ReadToEndAsync(Ct);
        var output = await drill.StandardOutput.ReadToEndAsync(Ct);
        await drill.WaitForExitAsync(Ct);

        Assert.True(drill.ExitCode == 0, output + await errors);
        Assert.Contains("row counts and content hashes equal", output, StringComparison.Ordinal);
        Assert.Matches(@"RTO: \d+\.\d s", output);
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CareSlot.slnx"))) return directory.FullName;
        }
        throw new InvalidOperationException("The repository root (CareSlot.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
