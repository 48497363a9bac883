using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Operations;

namespace CareSlot.Web.Tests.Bench;

/// <summary>
/// The benchmark's dataset tools against the schema the migrations make today: they COPY rows column by column, so a
/// migration that drops or adds a column breaks them without a compiler error (issue 20 dropped AspNetUsers.SmsReminders
/// and bench/run.sh failed until this test existed). A tiny dataset, made by the built bench tool as bench/run.sh runs it.
/// </summary>
public sealed class BenchDatasetTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Generate_ChartSetup_OversightSetup_FillTheMigratedSchema_AndTheAppSignsInAGeneratedPatient()
    {
        using var client = app.CreateClient(); // starts the app, which migrates the database
        var connection = app.DatabaseSettings["ConnectionStrings:Postgres"]!;
        var work = Directory.CreateTempSubdirectory("careslot-bench-test-");
        try
        {
            var keys = Directory.CreateDirectory(Path.Combine(work.FullName, "keys"));
            await File.WriteAllTextAsync(Path.Combine(keys.FullName, "bench1"), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), Ct);
            var data = Path.Combine(work.FullName, "data");

            await BenchAsync(keys.FullName, "generate", "--connection", connection, "--reset", "--doctors", "12", "--patients", "300",
                "--appointments", "400", "--out", data);
            await BenchAsync(keys.FullName, "chart-setup", "--connection", connection, "--out", data, "--entries", "5");
            await BenchAsync(keys.FullName, "oversight-setup", "--connection", connection, "--out", data);

            var patient = (await File.ReadAllLinesAsync(Path.Combine(data, "booking-patients.txt"), Ct))[0];
            using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = patient, password = "bench-patient-password" }, Ct);
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task BenchAsync(string keysFolder, params string[] arguments)
    {
        var bench = Path.Combine(RestoreDrillTests.RepositoryRoot(), "bench", "CareSlot.Bench", "bin", "Debug", "net10.0", "CareSlot.Bench.dll");
        Assert.True(File.Exists(bench), $"{bench} is missing: build the solution first.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(bench);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["Security__PhiKeys__Folder"] = keysFolder;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync(Ct);
        var output = await process.StandardOutput.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, $"bench {arguments[0]} exited {process.ExitCode}:\n{output}\n{await errors}");
    }
}
