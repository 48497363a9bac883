using System.Globalization;
using CareSlot.Web.Platform.Data;
using NodaTime.Text;

namespace CareSlot.Web.Features.Retention;

/// <summary>
/// `retention [--dry-run]`: removes now what has passed its retention period, printing progress per kind, or with
/// `--dry-run` only prints what it would remove (rows and the oldest date, UTC). Exit 0; 1 when a kind failed (the others
/// are still done); 2 on a usage error.
/// </summary>
public static class RetentionCommand
{
    public const string Verb = "retention";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var options = args.Skip(1).ToList();
        var dryRun = options.Remove("--dry-run");
        if (options.Count > 0)
        {
            await error.WriteLineAsync($"Usage: {Verb} [--dry-run]   (unknown: {string.Join(' ', options)})");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
        var purge = scope.ServiceProvider.GetRequiredService<PurgeExpiredData>();
        if (dryRun)
        {
            var backlog = await purge.MeasureAsync(ct);
            await output.WriteLineAsync("Past their retention period (nothing removed):");
            foreach (var kind in backlog)
            {
                var oldest = kind.Oldest is { } at ? "oldest " + InstantPattern.General.Format(at) : "none";
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {kind.Kind,-20} {kind.Rows,10:N0} rows   {oldest}"));
            }
            return 0;
        }

        IReadOnlyList<RetentionResult> results;
        var exitCode = 0;
        try
        {
            results = await purge.RunAsync((kind, removed) =>
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"… {kind}: {removed:N0} rows removed so far")), ct);
        }
        catch (RetentionFailedException exception)
        {
            await error.WriteLineAsync($"Failed (see the log; running it again goes on): {string.Join(", ", exception.Kinds)}");
            results = exception.Results;
            exitCode = 1;
        }
        await output.WriteLineAsync("Removed:");
        foreach (var result in results)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {result.Kind,-20} {result.Removed,10:N0} rows"));
        }
        return exitCode;
    }
}
