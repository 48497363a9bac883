using System.Globalization;

namespace CareSlot.Bench.Peak;

/// <summary>
/// How many cores each part of the topology on this machine used during a step, read from Linux's /proc: a process's
/// user and system time plus that of its children it has reaped (a PostgreSQL backend or an nginx worker that ended
/// meanwhile still counts, through its parent), in clock ticks. "machine" is every core's busy time, whatever ran.
/// The peak load's question, "what saturates first", is then a reading rather than an inference.
/// </summary>
public static class ProcessCpu
{
    /// <summary>Linux's USER_HZ, the unit of /proc's times, is 100 on every architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    private static readonly int Own = Environment.ProcessId;

    public static Dictionary<string, long> Snapshot()
    {
        var ticks = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!OperatingSystem.IsLinux()) return ticks;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                // "pid (comm) state ppid …": comm may hold spaces, so the fields are counted from its closing parenthesis.
                var comm = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..stat.LastIndexOf(')')];
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var part = PartOf(pid, comm, pid == Own ? "" : File.ReadAllText(Path.Combine(directory, "cmdline")));
                if (part is null) continue;
                // Fields 14–17 of stat (utime, stime, cutime, cstime) are 11–14 after comm and state.
                var used = Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
                ticks[part] = ticks.GetValueOrDefault(part) + used;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
            {
                // The process ended while being read.
            }
        }
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is inside user already)
        ticks["machine"] = cpu.Take(8).Sum() - cpu[3] - cpu[4];
        return ticks;
    }

    /// <summary>Cores used between two snapshots taken <paramref name="seconds"/> apart, per part, to 2 decimals.</summary>
    public static Dictionary<string, double> Cores(Dictionary<string, long> before, Dictionary<string, long> after, double seconds) =>
        after.ToDictionary(p => p.Key, p => Math.Round((p.Value - before.GetValueOrDefault(p.Key)) / TicksPerSecond / seconds, 2), StringComparer.Ordinal);

    private static string? PartOf(int pid, string comm, string commandLine) =>
        pid == Own ? "load"
        : commandLine.Contains("CareSlot.Web", StringComparison.Ordinal) ? "app"
        : comm == "postgres" ? "postgres"
        : comm == "nginx" ? "nginx"
        : comm.StartsWith("redis-server", StringComparison.Ordinal) ? "redis"
        : null;
}
