using System.Globalization;

namespace CareSlot.Web.Platform.Operations;

/// <summary>What a progress bar counts, and how many of the counted things make one shown unit (bytes shown as MB).</summary>
public sealed record ProgressUnit(string Name, long Scale)
{
    public static readonly ProgressUnit Values = new("values", 1);
    public static readonly ProgressUnit Pages = new("pages", 1);
    public static readonly ProgressUnit Tables = new("tables", 1);
    public static readonly ProgressUnit Megabytes = new("MB", 1L << 20);
}

/// <summary>How far a long operator verb (rotate-keys, backup, restore) has come: done of total, and what it is on now.</summary>
public sealed record ProgressStep(long Done, long Total, TimeSpan Elapsed, string Detail = "");

/// <summary>
/// The operator verbs' progress bar. In a terminal:
/// <c>[##########----------]  1,500/3,000 values  50%  2,400/s  Appointments.Reason</c>, redrawn in place; into a file or
/// pipe (a log, a test), the same as a line per tenth, so a long run shows it is moving without flooding the log.
/// </summary>
public sealed class ConsoleProgressBar(TextWriter output, bool interactive, ProgressUnit unit) : IProgress<ProgressStep>
{
    private const int Width = 30;
    private int lastTenth = -1;
    private bool drawn;

    /// <summary>Redrawn in place only on the process's own console, and only when it is a terminal.</summary>
    public static ConsoleProgressBar For(TextWriter output, ProgressUnit unit) =>
        new(output, ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected, unit);

    public void Report(ProgressStep value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var tenth = value.Total == 0 ? 10 : (int)(value.Done * 10 / value.Total);
        if (!interactive && tenth == lastTenth) return;
        lastTenth = tenth;
        var filled = value.Total == 0 ? Width : (int)(Math.Min(value.Done, value.Total) * Width / value.Total);
        var rate = value.Done / unit.Scale / Math.Max(value.Elapsed.TotalSeconds, 0.001);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('-', Width - filled)}] {value.Done / unit.Scale,10:N0}/{value.Total / unit.Scale:N0} {unit.Name} {(value.Total == 0 ? 100 : value.Done * 100 / value.Total),3}%  {rate,8:N0}/s  {value.Detail}");
        if (interactive)
        {
            output.Write('\r' + line.TrimEnd());
            drawn = true;
        }
        else
        {
            output.WriteLine(line.TrimEnd());
        }
    }

    /// <summary>This bar fed by a verb's own progress type.</summary>
    public IProgress<T> Of<T>(Func<T, ProgressStep> step) => new Mapped<T>(this, step);

    /// <summary>Ends the line a terminal bar was drawn on, so what follows starts on its own.</summary>
    public void Finish()
    {
        if (drawn) output.WriteLine();
        drawn = false;
    }

    private sealed class Mapped<T>(ConsoleProgressBar bar, Func<T, ProgressStep> step) : IProgress<T>
    {
        public void Report(T value) => bar.Report(step(value));
    }
}
