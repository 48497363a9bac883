using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace CareSlot.Web.Tests.Platform.Operations;

/// <summary>Runs the real executable, as an operator would: `CareSlot.Web migrate`, `CareSlot.Web create-admin`.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("careslot-cli-").FullName;
    private string Database => Path.Combine(directory, "nested", "careslot.db");

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
                ["Database__SqlitePath"] = Database,
                ["Mailbox__Path"] = Path.Combine(directory, "mailbox"),
                ["Logging__LogLevel__Default"] = "Warning",
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

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new SqliteCommand(sql, connection);
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Migrate_EmptySqliteFile_CreatesTheSchemaAndExitsWithoutServing()
    {
        var (exitCode, output) = await RunAsync(null, "migrate");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Database is up to date.", output, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM Doctors"));
    }

    [Fact]
    public async Task CreateAdmin_PasswordOnStandardInput_CreatesAVerifiedAdministrator()
    {
        var (exitCode, output) = await RunAsync("a long operator passphrase", "create-admin", "--email", "ops@example.com");

        Assert.True(exitCode == 0, output);
        Assert.Equal(1L, await ScalarAsync(
            "SELECT count(*) FROM AspNetUsers u JOIN AspNetUserRoles ur ON ur.UserId = u.Id JOIN AspNetRoles r ON r.Id = ur.RoleId " +
            "WHERE u.NormalizedEmail = 'OPS@EXAMPLE.COM' AND u.EmailConfirmed = 1 AND r.Name = 'Admin'"));
        Assert.DoesNotContain("a long operator passphrase", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("password123")]
    [InlineData("short")]
    public async Task CreateAdmin_WeakPassword_FailsAndCreatesNothing(string password)
    {
        var (exitCode, output) = await RunAsync(password, "create-admin", "--email", "ops@example.com");

        Assert.Equal(1, exitCode);
        Assert.Contains("password", output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM AspNetUsers"));
    }

    [Fact]
    public async Task CreateAdmin_WithoutEmail_ExplainsUsage()
    {
        var (exitCode, output) = await RunAsync("whatever whatever", "create-admin");

        Assert.Equal(2, exitCode);
        Assert.Contains("Usage: create-admin --email", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAudit_AfterCreateAdmin_ChecksItsRowAndSaysOk_ThenNamesARowAlteredBehindItsBack()
    {
        Assert.Equal(0, (await RunAsync("a long operator passphrase", "create-admin", "--email", "ops@example.com")).ExitCode);

        var (exitCode, output) = await RunAsync(null, "verify-audit");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Audit trail OK: 1 rows checked.", output, StringComparison.Ordinal);

        await ScalarAsync("UPDATE AuditTrail SET ActorRole = 'Admin'");
        var (brokenExit, broken) = await RunAsync(null, "verify-audit");

        Assert.Equal(1, brokenExit);
        Assert.Contains("Audit trail BROKEN at lane 1, row 1 (", broken, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
