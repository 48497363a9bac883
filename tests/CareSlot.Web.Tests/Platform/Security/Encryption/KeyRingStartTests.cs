using System.Diagnostics;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Platform.Security.Encryption;

/// <summary>The app and its rotate-keys verb with and without keys, as an operator starts them.</summary>
public sealed class KeyRingStartTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("careslot-keyring-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_OutsideDevelopmentWithoutKeys_FailsSayingWhereKeysGo()
    {
        await using var app = new AppWithKeys("Production", []);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.InitializeAsync().AsTask());

        Assert.Contains("No key for protected health information", error.Message, StringComparison.Ordinal);
        Assert.Contains("Security:PhiKeys:Folder", error.Message, StringComparison.Ordinal);
        Assert.Contains("CARESLOT_PHI_KEY_", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InDevelopmentWithoutKeys_GeneratesOneInTheFolder()
    {
        var folder = Path.Combine(directory, "keys");
        await using var app = new AppWithKeys("Development", new() { ["Security:PhiKeys:Folder"] = folder });

        await app.InitializeAsync();

        Assert.Equal(PhiKeySources.DevelopmentKeyId, app.Services.GetRequiredService<PhiKeyRing>().Current.Id);
        Assert.True(File.Exists(Path.Combine(folder, PhiKeySources.DevelopmentKeyId)));
    }

    [Fact]
    public async Task RotateKeysCommand_WithAKey_ReportsNothingToDo_WithoutAKey_ExplainsAndFails()
    {
        var (withKey, withKeyOutput) = await RunAsync(new() { ["CARESLOT_PHI_KEY_k1"] = PhiKeyRing.NewKeyText() }, "rotate-keys");
        var (withoutKey, withoutKeyOutput) = await RunAsync([], "rotate-keys");
        var (badBatch, badBatchOutput) = await RunAsync([], "rotate-keys", "--batch-size", "0");

        Assert.True(withKey == 0, withKeyOutput);
        Assert.Contains("Current key: k1. To re-seal: 0 values (Appointments.Reason 0, ", withKeyOutput, StringComparison.Ordinal);
        Assert.Contains("Nothing is left under another key.", withKeyOutput, StringComparison.Ordinal);
        Assert.Equal(1, withoutKey);
        Assert.Contains("No key for protected health information", withoutKeyOutput, StringComparison.Ordinal);
        Assert.Equal(2, badBatch);
        Assert.Contains("Usage: rotate-keys [--batch-size N]", badBatchOutput, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output)> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Database__SqlitePath"] = Path.Combine(directory, "careslot.db"),
                ["Mailbox__Path"] = Path.Combine(directory, "mailbox"),
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CareSlot.Web.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(Ct);
        var output = await process.StandardOutput.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, output + await error);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>The app in <paramref name="environment"/> with only <paramref name="keySettings"/> for keys.</summary>
    private sealed class AppWithKeys(string environment, Dictionary<string, string?> keySettings) : SqliteApp
    {
        protected override Dictionary<string, string?> KeySettings => keySettings;

        protected override Dictionary<string, string?> ExtraSettings
        {
            get
            {
                var settings = base.ExtraSettings;
                // The failed start is expected; its log would only bury the assertion's message.
                settings["Logging:LogLevel:Default"] = "None";
                return settings;
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
        }
    }
}
