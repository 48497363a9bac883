using System.Diagnostics;
using System.Globalization;

namespace CareSlot.Web.Tests.Infrastructure;

/// <summary>
/// The app as its own operating-system process on a free loopback port, as it runs in production: for tests
/// that kill it (SIGKILL) and start it again. Settings go in as environment variables.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process process;
    private readonly System.Text.StringBuilder output = new();

    public Uri BaseAddress { get; }

    /// <summary>The operating system's id of the process (for what only /proc shows, such as the assemblies it mapped).</summary>
    public int ProcessId => process.Id;

    private AppProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    /// <param name="settings">Configuration keys as in appsettings (<c>Database:Provider</c>); they become environment variables.</param>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var port = SmtpSink.FreePort();
        var baseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/'),
                ["Site__PublicOrigin"] = baseAddress.ToString().TrimEnd('/'),
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CareSlot.Web.dll"));

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet CareSlot.Web.dll did not start.");
        var app = new AppProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => app.Record(e.Data);
        process.ErrorDataReceived += (_, e) => app.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.WaitUntilReadyAsync();
        }
        catch
        {
            // Nobody else holds it yet: a process left running would outlive the test run.
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    private void Record(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The app exited with {process.ExitCode} while starting:\n{Output}");
            try
            {
                if ((await http.GetAsync(new Uri("health/ready", UriKind.Relative), TestContext.Current.CancellationToken)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                // listening, but its first request (JIT, the first database connection) outlasted one probe on a loaded machine
            }
            if (deadline.Elapsed > StartTimeout) throw new TimeoutException($"The app was not ready within {StartTimeout.TotalSeconds} s:\n{Output}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>SIGKILL: no shutdown, no flushing, no finishing what it holds.</summary>
    public async Task KillAsync()
    {
        if (process.HasExited) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }
}
