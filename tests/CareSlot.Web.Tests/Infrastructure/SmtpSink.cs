using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace CareSlot.Web.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on a free loopback port: Debian's aiosmtpd, storing each message it accepts in a
/// Maildir that this class reads back with MimeKit. Use it as a class or assembly fixture.
/// </summary>
public sealed class SmtpSink : IAsyncLifetime
{
    /// <summary>The module lives in Debian's python3-aiosmtpd, which only the system interpreter sees.</summary>
    private const string Python = "/usr/bin/python3";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    private readonly string directory = Path.Combine(Path.GetTempPath(), $"careslot-smtp-{Guid.NewGuid():N}");
    private Process? process;

    public const string Host = "127.0.0.1";

    public int Port { get; private set; }

    /// <summary>Where aiosmtpd puts delivered messages (the Maildir's <c>new</c>).</summary>
    public string MessagesDirectory => Path.Combine(directory, "new");

    /// <summary>Settings that point the app's SMTP transport at this sink.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Email:Smtp:Host"] = Host,
        ["Email:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
        ["Email:Smtp:AllowPlainTextOutsideDevelopment"] = "true", // the test server on this host speaks no TLS
    };

    public async ValueTask InitializeAsync()
    {
        // aiosmtpd's Maildir handler rejects every message when these are missing.
        foreach (var sub in new[] { "cur", "new", "tmp" }) Directory.CreateDirectory(Path.Combine(directory, sub));
        Port = FreePort();
        await StartAsync();
    }

    /// <summary>Starts the sink and points an app's <paramref name="settings"/> at it; returns them.</summary>
    public async Task<Dictionary<string, string?>> StartForAsync(Dictionary<string, string?> settings)
    {
        await InitializeAsync();
        foreach (var (key, value) in Settings) settings[key] = value;
        return settings;
    }

    /// <summary>Starts the server on <see cref="Port"/>: at first, and again after <see cref="StopAsync"/> (an outage ends).</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-m", "aiosmtpd", "-n", "-l", $"{Host}:{Port}", "-c", "aiosmtpd.handlers.Mailbox", directory })
        {
            start.ArgumentList.Add(arg);
        }
        process = Process.Start(start) ?? throw new InvalidOperationException($"{Python} -m aiosmtpd did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (!await AcceptsConnectionsAsync())
        {
            if (process.HasExited || deadline.Elapsed > StartTimeout)
            {
                string log;
                lock (errors) log = errors.ToString();
                throw new InvalidOperationException(
                    $"aiosmtpd did not listen on {Host}:{Port} within {StartTimeout.TotalSeconds} s " +
                    $"(exited: {process.HasExited}). Is python3-aiosmtpd installed? {log}");
            }
            await Task.Delay(PollInterval, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Kills the server: connections are refused until <see cref="StartAsync"/>. What it stored stays.</summary>
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

    /// <summary>Every message received so far, oldest first.</summary>
    public async Task<IReadOnlyList<MimeMessage>> MessagesAsync()
    {
        var messages = new List<MimeMessage>();
        foreach (var file in new DirectoryInfo(MessagesDirectory).GetFiles().OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal))
        {
            messages.Add(await MimeMessage.LoadAsync(file.FullName, TestContext.Current.CancellationToken));
        }
        return messages;
    }

    /// <summary>
    /// Waits, polling the Maildir, until at least <paramref name="count"/> messages arrived, then returns them all.
    /// For senders that work in the background; a transport's SendAsync returns only after the sink stored the message.
    /// </summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForMessagesAsync(int count, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var deadline = Stopwatch.StartNew();
        while (Directory.GetFiles(MessagesDirectory).Length < count)
        {
            if (deadline.Elapsed > limit)
            {
                throw new TimeoutException(
                    $"The SMTP sink holds {Directory.GetFiles(MessagesDirectory).Length} messages after {limit.TotalSeconds} s; expected {count}.");
            }
            await Task.Delay(PollInterval, TestContext.Current.CancellationToken);
        }
        return await MessagesAsync();
    }

    /// <summary>The one message whose subject is <paramref name="subject"/>, waiting for it like <see cref="WaitForMessagesAsync"/>.</summary>
    public async Task<MimeMessage> WaitForMessageAsync(string subject, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var matches = (await MessagesAsync()).Where(m => m.Subject == subject).ToList();
            if (matches.Count == 1) return matches[0];
            if (matches.Count > 1) throw new InvalidOperationException($"The SMTP sink holds {matches.Count} messages with the subject '{subject}'.");
            if (deadline.Elapsed > limit) throw new TimeoutException($"No message with the subject '{subject}' reached the SMTP sink within {limit.TotalSeconds} s.");
            await Task.Delay(PollInterval, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    private async Task<bool> AcceptsConnectionsAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Port, TestContext.Current.CancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// A loopback port free now, for a server that binds it a moment later. It is drawn below Linux's ephemeral range
    /// (32768–60999): a port the system handed out (port 0) is soon some outgoing connection's local port, and the tests
    /// open thousands of them, so the server's bind failed with "address already in use" once in a while.
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: draw again.
            }
        }
    }
}
