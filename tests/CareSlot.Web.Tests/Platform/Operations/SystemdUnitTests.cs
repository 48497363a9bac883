using System.Diagnostics;

namespace CareSlot.Web.Tests.Platform.Operations;

/// <summary>
/// <c>ops/systemd/careslot.service</c> is a tested file (issue 21 item 3): systemd's own checker accepts it without a
/// warning, and it keeps the settings docs/operations.md promises — the published dll in Production, restarted on failure,
/// a read-only system with only the state folders writable, no privileges to gain.
/// </summary>
public sealed class SystemdUnitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string Unit = Path.Combine(RestoreDrillTests.RepositoryRoot(), "ops", "systemd", "careslot.service");

    private static readonly string[] AnalyzeLocations = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"];

    private static ILookup<string, string> Directives() => File.ReadAllLines(Unit)
        .Select(line => line.Trim())
        .Where(line => line.Length > 0 && line[0] is not ('#' or ';' or '['))
        .Select(line => line.Split('=', 2))
        .ToLookup(pair => pair[0].Trim(), pair => pair.Length > 1 ? pair[1].Trim() : "");

    [Fact]
    public async Task Unit_PassesSystemdAnalyzeVerify_WithoutAWord()
    {
        var analyze = AnalyzeLocations.FirstOrDefault(File.Exists);
        Assert.SkipWhen(analyze is null, "systemd-analyze is not installed on this machine (Debian: package systemd), so the unit was not verified.");

        // verify also checks that ExecStart's program exists: where .NET is installed elsewhere, a copy names the real one.
        var unit = Unit;
        var copy = Path.Combine(Directory.CreateTempSubdirectory("careslot-unit-").FullName, "careslot.service");
        var dotnet = Environment.ProcessPath is { } process && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : null;
        if (!File.Exists("/usr/bin/dotnet") && dotnet is not null)
        {
            await File.WriteAllTextAsync(copy, (await File.ReadAllTextAsync(Unit, Ct)).Replace("ExecStart=/usr/bin/dotnet ", $"ExecStart={dotnet} ", StringComparison.Ordinal), Ct);
            unit = copy;
        }
        try
        {
            var start = new ProcessStartInfo(analyze!) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("verify");
            start.ArgumentList.Add(unit);
            using var verify = Process.Start(start)!;
            var errors = verify.StandardError.ReadToEndAsync(Ct);
            var output = await verify.StandardOutput.ReadToEndAsync(Ct) + await errors;
            await verify.WaitForExitAsync(Ct);

            Assert.True(verify.ExitCode == 0, output);
            // A directive systemd cannot parse is only a warning ("…, ignoring") with exit code 0: any word about the unit fails.
            var aboutTheUnit = output.Split('\n').Where(line => line.Contains("careslot.service", StringComparison.Ordinal)).ToList();
            Assert.True(aboutTheUnit.Count == 0, string.Join('\n', aboutTheUnit));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
        }
    }

    [Fact]
    public void Unit_RunsThePublishedAppInProduction_Hardened()
    {
        var directives = Directives();
        string Single(string name) => Assert.Single(directives[name]);

        Assert.Matches(@"^/usr/bin/dotnet /opt/careslot/CareSlot\.Web\.dll$", Single("ExecStart"));
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "CareSlot.Web.dll")), "The unit starts CareSlot.Web.dll, which the app is no longer called.");
        Assert.Contains("ASPNETCORE_ENVIRONMENT=Production", directives["Environment"]);
        Assert.Equal("on-failure", Single("Restart"));
        Assert.True(directives["DynamicUser"].Contains("yes") || directives["User"].Any(user => user != "root"), "The unit must not run as root.");
        Assert.Equal("strict", Single("ProtectSystem"));
        var writable = directives["ReadWritePaths"].SelectMany(paths => paths.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Contains(directives["Environment"], e => e.StartsWith("Backup__Folder=", StringComparison.Ordinal) && writable.Contains(e["Backup__Folder=".Length..]));
        Assert.Contains(directives["Environment"], e => e.StartsWith("Database__SqlitePath=", StringComparison.Ordinal)
            && writable.Contains(Path.GetDirectoryName(e["Database__SqlitePath=".Length..])!));
        Assert.Contains(directives["Environment"], e => e.StartsWith("Security__PhiKeys__Folder=", StringComparison.Ordinal));
        Assert.Equal("true", Single("NoNewPrivileges"));
        Assert.Equal("true", Single("ProtectHome"));
        Assert.Equal("true", Single("PrivateTmp"));
        Assert.DoesNotContain("MemoryDenyWriteExecute", directives.Select(d => d.Key));
    }
}
