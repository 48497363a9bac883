using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace CareSlot.Web.Tests.Infrastructure;

/// <summary>
/// A real IMAP server on a free loopback port: Debian's Dovecot, with its own configuration, one mailbox
/// (<see cref="User"/>) and everything in a temporary directory. Tests put mail into it as a mail server would deliver it
/// (IMAP APPEND) and read back what the app left there.
/// </summary>
public sealed class ImapServer : IAsyncDisposable
{
    public const string Host = "127.0.0.1";
    public const string User = "support@careslot.test";
    public const string Password = "imap-secret";

    private const string Dovecot = "/usr/sbin/dovecot";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly string directory = Path.Combine(Path.GetTempPath(), $"careslot-imap-{Guid.NewGuid():N}");
    private bool started;

    public int Port { get; private set; }

    private string ConfigFile => Path.Combine(directory, "dovecot.conf");

    /// <summary>Settings that point the app's support mailbox at this server.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["HelpDesk:Mailbox:Host"] = Host,
        ["HelpDesk:Mailbox:Port"] = Port.ToString(CultureInfo.InvariantCulture),
        ["HelpDesk:Mailbox:Security"] = "None",
        ["HelpDesk:Mailbox:AllowPlainTextOutsideDevelopment"] = "true", // the test server on this host speaks no TLS
        ["HelpDesk:Mailbox:User"] = User,
        ["HelpDesk:Mailbox:Password"] = Password,
        // The tests read the mailbox themselves (SupportMailbox.PollOnceAsync); the poller's next round is an hour away.
        ["HelpDesk:Mailbox:PollSeconds"] = "3600",
    };

    public async Task<Dictionary<string, string?>> StartForAsync(Dictionary<string, string?> settings)
    {
        await StartAsync();
        foreach (var (key, value) in Settings) settings[key] = value;
        return settings;
    }

    public async Task StartAsync()
    {
        if (!File.Exists(Dovecot)) throw new InvalidOperationException($"{Dovecot} is missing: apt-get install dovecot-imapd (test.sh does).");
        Directory.CreateDirectory(Path.Combine(directory, "mail"));
        Directory.CreateDirectory(Path.Combine(directory, "run"));
        Directory.CreateDirectory(Path.Combine(directory, "state"));
        Port = SmtpSink.FreePort();
        // As root, Dovecot drops to its own users and keeps mail as nobody; as anyone else it runs as that user.
        var root = Environment.UserName == "root";
        var (uid, gid) = root ? (await IdAsync("-u", "nobody"), await IdAsync("-g", "nobody")) : (await IdAsync("-u"), await IdAsync("-g"));
        var user = Environment.UserName;
        await File.WriteAllTextAsync(Path.Combine(directory, "users"), $"{User}:{{PLAIN}}{Password}\n");
        await File.WriteAllTextAsync(ConfigFile, $$"""
            base_dir = {{directory}}/run
            state_dir = {{directory}}/state
            log_path = {{directory}}/dovecot.log
            protocols = imap
            listen = {{Host}}
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            mail_location = maildir:{{directory}}/mail/%u
            first_valid_uid = 0
            {{(root ? "" : $"default_internal_user = {user}\ndefault_login_user = {user}\ndefault_internal_group = {user}")}}
            service imap-login {
              inet_listener imap {
                address = {{Host}}
                port = {{Port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            service stats {
              unix_listener stats-reader {
                mode = 0666
              }
              unix_listener stats-writer {
                mode = 0666
              }
            }
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{directory}}/users
            }
            userdb {
              driver = static
              args = uid={{uid}} gid={{gid}} home={{directory}}/mail/%u
            }
            """);
        if (root) await ServerTools.RunAsync("chown", "-R", $"{uid}:{gid}", Path.Combine(directory, "mail"));
        await ServerTools.RunAsync(Dovecot, "-c", ConfigFile);
        started = true;
        var waited = Stopwatch.StartNew();
        while (!await AcceptsConnectionsAsync())
        {
            if (waited.Elapsed > StartTimeout)
            {
                var log = File.Exists(Path.Combine(directory, "dovecot.log")) ? await File.ReadAllTextAsync(Path.Combine(directory, "dovecot.log")) : "";
                throw new InvalidOperationException($"Dovecot did not listen on {Host}:{Port} within {StartTimeout.TotalSeconds} s: {log}");
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Delivers <paramref name="message"/> into the mailbox, unseen, as a mail server would.</summary>
    public async Task DeliverAsync(MimeMessage message)
    {
        using var client = await ConnectAsync();
        await client.Inbox.OpenAsync(FolderAccess.ReadWrite, TestContext.Current.CancellationToken);
        await client.Inbox.AppendAsync(new AppendRequest(message, MessageFlags.None), TestContext.Current.CancellationToken);
        await client.DisconnectAsync(true, TestContext.Current.CancellationToken);
    }

    /// <summary>The messages of the mailbox with a flag or keyword, by subject: what the app marked as read or failed.</summary>
    public async Task<IReadOnlyList<(string Subject, MessageFlags Flags, IReadOnlySet<string> Keywords)>> SummariesAsync()
    {
        using var client = await ConnectAsync();
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly, TestContext.Current.CancellationToken);
        var summaries = await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.Envelope | MessageSummaryItems.Flags, TestContext.Current.CancellationToken);
        await client.DisconnectAsync(true, TestContext.Current.CancellationToken);
        return [.. summaries.Select(s => (s.Envelope?.Subject ?? "", s.Flags ?? MessageFlags.None, (IReadOnlySet<string>)s.Keywords))];
    }

    private async Task<ImapClient> ConnectAsync()
    {
        var client = new ImapClient();
        await client.ConnectAsync(Host, Port, SecureSocketOptions.None, TestContext.Current.CancellationToken);
        await client.AuthenticateAsync(User, Password, TestContext.Current.CancellationToken);
        return client;
    }

    private async Task<bool> AcceptsConnectionsAsync()
    {
        using var socket = new TcpClient();
        try
        {
            await socket.ConnectAsync(Host, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<string> IdAsync(params string[] args)
    {
        var start = new ProcessStartInfo("id") { RedirectStandardOutput = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Trim();
    }

    public async ValueTask DisposeAsync()
    {
        if (started)
        {
            try
            {
                await ServerTools.RunAsync(Dovecot, "-c", ConfigFile, "stop");
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A process still holds a file; the temporary directory is cleaned by the system.
        }
    }
}
