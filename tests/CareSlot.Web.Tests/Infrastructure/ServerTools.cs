using System.Diagnostics;

namespace CareSlot.Web.Tests.Infrastructure;

/// <summary>
/// The real servers' programs as the test fixtures run them (the PostgreSQL clusters, the TLS-only one, the streaming
/// standby, Dovecot): a failing program throws with everything it printed.
/// </summary>
public static class ServerTools
{
    public static bool RunningAsRoot => Environment.UserName == "root";

    /// <summary>The newest PostgreSQL server's programs under /usr/lib/postgresql (Debian's layout).</summary>
    public static string PostgresBinDirectory { get; } = FindPostgresBinDirectory();

    /// <summary>PostgreSQL refuses to run as root, so as root its tools run as the postgres user.</summary>
    public static Task RunPostgresToolAsync(string tool, params string[] args) =>
        RunningAsRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(PostgresBinDirectory, tool), .. args])
            : RunAsync(Path.Combine(PostgresBinDirectory, tool), args);

    public static async Task RunAsync(string fileName, params string[] args)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', args)} exited {process.ExitCode}:\n{await output}\n{await error}");
        }
    }

    private static string FindPostgresBinDirectory()
    {
        const string Root = "/usr/lib/postgresql";
        var bin = Directory.Exists(Root)
            ? Directory.GetDirectories(Root).Select(v => Path.Combine(v, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL server binaries were not found under /usr/lib/postgresql; ./test.sh installs the 'postgresql' package.");
    }
}
