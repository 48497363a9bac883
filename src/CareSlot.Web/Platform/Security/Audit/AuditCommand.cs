using System.Globalization;

namespace CareSlot.Web.Platform.Security.Audit;

/// <summary>`verify-audit [--anchor HEADS]`: exit 0 when the chain holds, 1 naming the first broken row, 2 on a usage error.</summary>
public static class AuditCommand
{
    public const string Verb = "verify-audit";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var anchorIndex = Array.IndexOf(args, "--anchor");
        var anchor = anchorIndex >= 0 ? (anchorIndex + 1 < args.Length ? args[anchorIndex + 1] : "") : null;

        await using var scope = services.CreateAsyncScope();
        AuditVerification result;
        try
        {
            result = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(anchor,
                (done, total) => error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"… {done:N0} of {total:N0} rows checked")),
                CancellationToken.None);
        }
        catch (ArgumentException exception)
        {
            await error.WriteLineAsync($"Usage: {Verb} [--anchor LANE:SEQUENCE:HASH,…]. {exception.Message}");
            return 2;
        }

        if (result.Intact)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Audit trail OK: {result.RowsChecked} rows checked."));
            await output.WriteLineAsync($"Chain heads: {result.Heads}");
            await output.WriteLineAsync($"Note them outside the database: `{Verb} --anchor <those heads>` later also detects a rewrite of the trail up to here.");
            return 0;
        }
        var at = result.BrokenAt is { } instant ? $" ({AuditVerifier.Format(instant)})" : "";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Audit trail BROKEN at {result.Broken}{at}: {result.Problem} {result.RowsChecked} rows checked before it are sound."));
        return 1;
    }
}
