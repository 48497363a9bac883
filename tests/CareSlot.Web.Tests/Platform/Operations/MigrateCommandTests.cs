using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace CareSlot.Web.Tests.Platform.Operations;

/// <summary>Runs the real executable, as an operator would: `CareSlot.Web migrate`.</summary>
public sealed class MigrateCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("careslot-migrate-").FullName;

    [Fact]
    public async Task Migrate_EmptySqliteFile_CreatesTheSchemaAndExitsWithoutServing()
    {
        var database = Path.Combine(directory, "nested", "careslot.db");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Database__SqlitePath"] = database,
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CareSlot.Web.dll"));
        start.ArgumentList.Add("migrate");

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0, output + error);
        Assert.Contains("Database is up to date.", output, StringComparison.Ordinal);
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new SqliteCommand("SELECT count(*) FROM Doctors", connection);
        Assert.Equal(0L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
