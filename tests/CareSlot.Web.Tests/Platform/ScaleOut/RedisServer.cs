using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CareSlot.Web.Tests.Infrastructure;

namespace CareSlot.Web.Tests.Platform.ScaleOut;

/// <summary>
/// A real redis-server (Debian's) on a free loopback port, with nothing kept on disk, as a child process: started in
/// well under a second, killed to make an outage, started again on the same port to end it.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string Executable = "redis-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    private Process? process;

    public int Port { get; } = SmtpSink.FreePort();

    /// <summary>The app's <c>Redis:Configuration</c> for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Starts the server and returns once it answers PING.</summary>
    public async Task StartAsync()
    {
        if (process is { HasExited: false }) return;
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", "--daemonize", "no" })
        {
            start.ArgumentList.Add(arg);
        }
        process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start.");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var waited = Stopwatch.StartNew();
        while (!await AnswersPingAsync(Port))
        {
            if (process.HasExited || waited.Elapsed > StartTimeout)
            {
                string log;
                lock (output) log = output.ToString();
                throw new InvalidOperationException($"redis-server did not answer on {Configuration} within {StartTimeout.TotalSeconds} s " +
                    $"(exited: {process.HasExited}). Is the redis-server package installed? {log}");
            }
            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Kills the server (no clean shutdown, as a crash): every connection drops, and what it held is gone.</summary>
    public async Task StopAsync()
    {
        if (process is null) return;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>The pub/sub channels someone is subscribed to now (<c>PUBSUB CHANNELS</c>).</summary>
    public async Task<IReadOnlyList<string>> ChannelsAsync()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        using var stream = client.GetStream();
        await stream.WriteAsync("PUBSUB CHANNELS\r\n"u8.ToArray());
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        var header = await reader.ReadLineAsync() ?? "";
        var count = int.Parse(header.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
        var channels = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            await reader.ReadLineAsync(); // $length
            channels.Add(await reader.ReadLineAsync() ?? "");
        }
        return channels;
    }

    private static async Task<bool> AnswersPingAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
