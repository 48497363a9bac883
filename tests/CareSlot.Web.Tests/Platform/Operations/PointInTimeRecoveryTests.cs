using System.Diagnostics;
using CareSlot.Web.Tests.Infrastructure;

namespace CareSlot.Web.Tests.Platform.Operations;

/// <summary>
/// Point-in-time recovery on PostgreSQL (issue 21 item 2): <c>ops/pitr-demo.sh</c> archives WAL, takes a base backup,
/// writes before and after a chosen moment, and restores to that moment; only what was written before it comes back.
/// </summary>
public sealed class PointInTimeRecoveryTests
{
    [Fact]
    public async Task PitrDemo_RestoresExactlyTheWritesBeforeTheTarget()
    {
        var ct = TestContext.Current.CancellationToken;
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RestoreDrillTests.RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["PG_BIN"] = ServerTools.PostgresBinDirectory },
        };
        start.ArgumentList.Add("ops/pitr-demo.sh");

        using var demo = Process.Start(start)!;
        var errors = demo.StandardError.ReadToEndAsync(ct);
        var output = await demo.StandardOutput.ReadToEndAsync(ct);
        await demo.WaitForExitAsync(ct);

        Assert.True(demo.ExitCode == 0, output + await errors);
        Assert.Contains("PASS: the 100 rows written before the target are back", output, StringComparison.Ordinal);
    }
}
