using System.Diagnostics;
using CareSlot.Web.Platform.Security.Encryption;

namespace CareSlot.Web.Tests.Features.Retention;

/// <summary>Retention's verbs through the real executable, as an operator runs them (the wiring in CommandLine and the exit codes).</summary>
public sealed class RetentionCommandLineTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("careslot-retention-cli-").FullName;

    private async Task<(int ExitCode, string Output)> RunAsync(string? input, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Database__SqlitePath"] = Path.Combine(directory, "careslot.db"),
                ["Mailbox__Path"] = Path.Combine(directory, "mailbox"),
                ["Logging__LogLevel__Default"] = "Warning",
                [PhiKeysOptions.VariablePrefix + "t1"] = Key,
            },
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CareSlot.Web.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);

        using var process = Process.Start(start)!;
        if (input is not null) await process.StandardInput.WriteLineAsync(input);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, output + error);
    }

    private string Key { get; } = PhiKeyRing.NewKeyText();

    [Fact]
    public async Task Verbs_RunFromTheCommandLine_WithTheirExitCodes()
    {
        var (dryRun, dryOutput) = await RunAsync(null, "retention", "--dry-run");
        Assert.True(dryRun == 0, dryOutput);
        Assert.Contains("audit-trail", dryOutput, StringComparison.Ordinal);

        var (clean, cleanOutput) = await RunAsync(null, "compliance-report");
        Assert.True(clean == 0, cleanOutput);

        var (created, createdOutput) = await RunAsync("a long operator passphrase", "create-admin", "--email", "ops@example.com");
        Assert.True(created == 0, createdOutput);
        // The new administrator has not set up two-factor yet.
        var (failing, failingOutput) = await RunAsync(null, "compliance-report");
        Assert.True(failing == 1, failingOutput);
        Assert.Contains("FAIL  staff two-factor", failingOutput, StringComparison.Ordinal);

        var (usage, usageOutput) = await RunAsync(null, "breach-report", "--kind", "records");
        Assert.True(usage == 2, usageOutput);
        var (breach, breachOutput) = await RunAsync(null, "breach-report", "--from", "2026-01-01", "--to", "2027-01-01", "--kind", "accounts", "--format", "csv");
        Assert.True(breach == 0, breachOutput);
        Assert.Contains("account_id,email,name,accesses,first_at,last_at", breachOutput, StringComparison.Ordinal);

        var (run, runOutput) = await RunAsync(null, "retention");
        Assert.True(run == 0, runOutput);
        Assert.Contains("Removed:", runOutput, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
