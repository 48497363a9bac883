using System.Globalization;

namespace CareSlot.SystemTests.Infrastructure;

/// <summary>
/// The figures each test measures, printed as they come (ops/system-test.sh tees the output into its results file) and
/// appended to SYSTEM_TEST_RESULTS when set, so they survive whatever the runner does with console output.
/// </summary>
public static class Figures
{
    private static readonly Lock Gate = new();

    public static void Print(string test, string line)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"[{TimeProvider.System.GetUtcNow():HH:mm:ss}] {test,-14} {line}");
        lock (Gate)
        {
            Console.WriteLine(text);
            if (Environment.GetEnvironmentVariable("SYSTEM_TEST_RESULTS") is { Length: > 0 } file) File.AppendAllLines(file, [text]);
        }
    }

    public static string Counts(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} × {c.Value}"));
}
