using System.Globalization;
using System.Security.Cryptography;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Operations;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Platform.Security.Encryption;

/// <summary>
/// <c>CareSlot.Web rotate-keys [--batch-size N]</c>: re-seals every encrypted column under <c>Security:PhiKeys:CurrentKeyId</c>
/// (values of older keys, and plaintext from before encryption), with a progress bar. Safe beside running instances; stopped
/// (Ctrl+C, a crash) it is simply run again. Exit codes: 0 done, 1 failed, 2 usage, 130 interrupted.
/// </summary>
public static class RotateKeysCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var batchSize = PhiRotation.DefaultBatchSize;
        var at = Array.IndexOf(args, "--batch-size");
        if (at >= 0 && (at + 1 >= args.Length || !int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out batchSize)
            || batchSize is < 1 or > 100_000))
        {
            await output.WriteLineAsync("Usage: rotate-keys [--batch-size N]   (N from 1 to 100000, default 500)");
            return 2;
        }

        try
        {
            return await RotateAsync(services, batchSize, output, ct);
        }
        catch (OptionsValidationException problem)
        {
            foreach (var failure in problem.Failures) await output.WriteLineAsync(failure);
            return 1;
        }
        catch (CryptographicException problem)
        {
            // Names the table, row and key, never a value.
            await output.WriteLineAsync(problem.Message);
            await output.WriteLineAsync("Stopped. What is done stays done; fix the key ring and run rotate-keys again.");
            return 1;
        }
    }

    private static async Task<int> RotateAsync(IServiceProvider services, int batchSize, TextWriter output, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var keys = provider.GetRequiredService<PhiKeyRing>();
        await provider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
        var rotation = provider.GetRequiredService<PhiRotation>();
        var counts = await rotation.CountAsync(RotationScope.NotUnderCurrentKey, ct);
        var total = counts.Sum(c => c.Count);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Current key: {keys.Current.Id}. To re-seal: {total:N0} values ({string.Join(", ", counts.Select(c => $"{c.Column.Name} {c.Count:N0}"))})."));

        var bar = ConsoleProgressBar.For(output, ProgressUnit.Values);
        try
        {
            var result = await rotation.RunAsync(RotationScope.NotUnderCurrentKey, batchSize,
                bar.Of<RotationProgress>(p => new ProgressStep(p.Done, p.Total, p.Elapsed, p.Column)), ct);
            bar.Finish();
            var skipped = result.Skipped > 0
                ? string.Create(CultureInfo.InvariantCulture, $"; {result.Skipped:N0} were changed by the app meanwhile and are its own.")
                : ".";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Done: {result.Resealed:N0} values re-sealed under {keys.Current.Id} in {result.Elapsed.TotalSeconds:F1} s{skipped}"));
            var left = (await rotation.CountAsync(RotationScope.NotUnderCurrentKey, ct)).Sum(c => c.Count);
            await output.WriteLineAsync(left == 0
                ? $"Nothing is left under another key. Keep older keys as long as backups made before now are kept."
                : string.Create(CultureInfo.InvariantCulture,
                    $"{left:N0} values are under another key again: an instance still seals with an older key. Switch every instance to {keys.Current.Id}, then run rotate-keys again."));
            return left == 0 ? 0 : 1;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            bar.Finish();
            await output.WriteLineAsync("Stopped. What is done stays done; run rotate-keys again to go on.");
            return 130;
        }
    }
}
