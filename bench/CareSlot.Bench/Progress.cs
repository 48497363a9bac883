using System.Diagnostics;
using System.Globalization;

namespace CareSlot.Bench;

/// <summary>Prints one line per 5% of a long step, with its rate, so a slow run shows where it is; a short step gets one line.</summary>
public sealed class Progress(string label, long total, string unit = "rows")
{
    private readonly Stopwatch watch = Stopwatch.StartNew();
    private const long Long = 20_000;
    private int lastTwentieth;

    public long Done { get; private set; }

    public void Add(long count = 1)
    {
        Done += count;
        var twentieth = total == 0 ? 20 : (int)(Done * 20 / total);
        if (twentieth <= lastTwentieth || total < Long) return;
        lastTwentieth = twentieth;
        Print($"{Done,12:N0} / {total:N0} ({twentieth * 5,3}%)");
    }

    public void Finish()
    {
        if (lastTwentieth < 20) Print($"{Done,12:N0} / {total:N0} (done)");
    }

    private void Print(string position)
    {
        var seconds = Math.Max(watch.Elapsed.TotalSeconds, 0.001);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{label,-18}] {position}  {Done / seconds,10:N0} {unit}/s  {seconds,7:F1} s"));
    }
}
