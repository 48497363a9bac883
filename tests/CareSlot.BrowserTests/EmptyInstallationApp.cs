using System.Diagnostics;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;

namespace CareSlot.BrowserTests;

/// <summary>
/// A second app, as an operator installs it: the Production environment on an empty SQLite file with no demo data
/// (<c>Seed:Demo=false</c>), its own SMTP server, and administrators only from the real <c>create-admin</c> command. Only
/// <see cref="EmptyInstallationJourneyTests"/> uses it; every other browser test keeps <see cref="BrowserApp"/>'s demo data.
/// </summary>
public sealed class EmptyInstallationApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly DirectoryInfo _dataDirectory = Directory.CreateTempSubdirectory("careslot-empty-");
    private readonly string _phiKey = PhiKeyRing.NewKeyText();

    public Uri BaseAddress { get; } = new($"http://127.0.0.1:{SmtpSink.FreePort()}/");

    public SmtpSink Smtp { get; } = new();

    private string DatabasePath => Path.Combine(_dataDirectory.FullName, "careslot.db");

    public async ValueTask InitializeAsync()
    {
        await Smtp.InitializeAsync();
        UseKestrel(BaseAddress.Port);
        StartServer();
    }

    /// <summary>A fresh browser context of the shared Chromium whose relative URLs resolve against this app.</summary>
    public Task<IBrowserContext> NewContextAsync(IBrowser browser, int width, int height) =>
        browser.NewContextAsync(new() { BaseURL = BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = height } });

    /// <summary>
    /// Runs <c>CareSlot.Web create-admin --email <paramref name="email"/></c> as its own process against this app's database,
    /// the password on standard input, as the README tells an operator to; returns the exit code and what it printed.
    /// </summary>
    public async Task<(int ExitCode, string Output)> CreateAdminAsync(string email, string password)
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
                ["Database__Provider"] = "Sqlite",
                ["Database__SqlitePath"] = DatabasePath,
                ["Site__PublicOrigin"] = BaseAddress.ToString().TrimEnd('/'),
                [PhiKeysOptions.VariablePrefix + "s1"] = _phiKey,
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "CareSlot.Web.dll"), "create-admin", "--email", email })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet CareSlot.Web.dll did not start.");
        await process.StandardInput.WriteLineAsync(password);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + await error);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Production serves the stylesheet from the published output; a test runs the build's, as Development does.
        builder.UseStaticWebAssets();
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:SqlitePath", DatabasePath);
        builder.UseSetting("Seed:Demo", "false");
        builder.UseSetting(PhiKeysOptions.VariablePrefix + "s1", _phiKey);
        builder.UseSetting("Mailbox:Path", Path.Combine(_dataDirectory.FullName, "mailbox"));
        foreach (var (key, value) in Smtp.Settings) builder.UseSetting(key, value);
        builder.UseSetting("Site:PublicOrigin", BaseAddress.ToString().TrimEnd('/'));
        builder.UseSetting("Notifications:DispatchIntervalMilliseconds", "200");
        // Journeys move the clock past 02:00: no backups into the source tree while they do.
        builder.UseSetting("Backup:Schedule", "");
        builder.UseSetting("Backup:Folder", Path.Combine(_dataDirectory.FullName, "backups"));
        // Every browser request comes from 127.0.0.1: the per-IP limit of the account pages would refuse some of them.
        builder.UseSetting("RateLimiting:Enabled", "false");
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(JourneyClock.Instance)));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _dataDirectory.Delete(recursive: true);
    }
}
