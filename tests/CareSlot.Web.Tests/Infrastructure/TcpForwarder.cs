using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace CareSlot.Web.Tests.Infrastructure;

/// <summary>
/// A loopback TCP forwarder in front of a real server: counts the connections a client opens through it, and can cut
/// them all, as a server does when it closes idle connections or restarts.
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<TcpClient> open = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;
    private int connections;

    public TcpForwarder(int targetPort)
    {
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptAsync(targetPort);
    }

    public int Port { get; }

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref connections);

    private volatile bool refusing;

    /// <summary>While true, every new connection is closed as soon as it is accepted, as by a server that is down.</summary>
    public bool Refusing
    {
        get => refusing;
        set => refusing = value;
    }

    /// <summary>Closes every open connection, both sides.</summary>
    public void CutAll()
    {
        while (open.TryDequeue(out var client)) client.Dispose();
    }

    private async Task AcceptAsync(int targetPort)
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(stopping.Token);
                if (Refusing)
                {
                    client.Dispose();
                    continue;
                }
                Interlocked.Increment(ref connections);
                var server = new TcpClient { NoDelay = true };
                await server.ConnectAsync(IPAddress.Loopback, targetPort, stopping.Token);
                client.NoDelay = true;
                open.Enqueue(client);
                open.Enqueue(server);
                _ = PipeAsync(client, server);
                _ = PipeAsync(server, client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static async Task PipeAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or SocketException)
        {
        }
        finally
        {
            // One side closing closes the other, as a server closing the connection would be seen by the client.
            from.Dispose();
            to.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting;
        CutAll();
        stopping.Dispose();
    }
}
