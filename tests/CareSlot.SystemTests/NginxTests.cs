using System.Net;
using System.Text.RegularExpressions;
using CareSlot.SystemTests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace CareSlot.SystemTests;

/// <summary>The site file ops/nginx/careslot.conf as it serves: redirect, TLS, the published assets, SignalR's upgrade.</summary>
[Collection(OneTopology.Name)]
public sealed partial class NginxTests
{
    [Fact]
    public async Task PlainHttpIsRedirectedToHttps()
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var port = Environment.GetEnvironmentVariable("HTTP_PORT") is { Length: > 0 } p ? p : "8080";
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/doctors?q=x"), TestContext.Current.CancellationToken);
        Figures.Print("nginx", $"http://127.0.0.1:{port}/doctors?q=x answered {(int)response.StatusCode} → {response.Headers.Location}");
        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal($"https://127.0.0.1:{Topology.HttpsPort}/doctors?q=x", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task ThePublishedStylesheetArrivesWholeAndCompressed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var site = Topology.SiteClient();
        var home = await site.GetStringAsync("", ct);
        var stylesheet = StylesheetLink().Match(home).Groups[1].Value;
        Assert.NotEmpty(stylesheet);
        using var request = new HttpRequestMessage(HttpMethod.Get, stylesheet.TrimStart('/'));
        request.Headers.AcceptEncoding.ParseAdd("br, gzip");
        using var response = await site.SendAsync(request, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        Figures.Print("nginx", $"{stylesheet}: {(int)response.StatusCode}, {bytes.Length} bytes, Content-Encoding {string.Join(",", response.Content.Headers.ContentEncoding)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // A Release build run from bin/ answers compressed assets with empty bodies; the published app must not.
        Assert.True(bytes.Length > 1_000, $"{bytes.Length} bytes");
    }

    [Fact]
    public async Task SignalRNegotiatesAndUpgradesThroughNginx()
    {
        var ct = TestContext.Current.CancellationToken;
        using var site = Topology.SiteClient();
        var patient = (await PatientPool.GetAsync(site))[0];
        var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Topology.Work, "tls", "careslot.crt"));
        // Negotiate and connect are two requests: both must reach the instance that issued the connection's token.
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Topology.Site, "hubs/messages"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.AccessTokenProvider = () => Task.FromResult<string?>(patient.Token);
                options.HttpMessageHandlerFactory = handler =>
                {
                    if (handler is HttpClientHandler client)
                    {
                        client.ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.RawData.AsSpan().SequenceEqual(certificate.RawData) == true;
                    }
                    return handler;
                };
                options.WebSocketConfiguration = socket =>
                    socket.RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetRawCertData().AsSpan().SequenceEqual(certificate.RawData) == true;
            })
            .Build();
        await connection.StartAsync(ct);
        Figures.Print("nginx", $"SignalR through nginx: negotiated and connected over WebSockets ({connection.State})");
        Assert.Equal(HubConnectionState.Connected, connection.State);
        // Joining a conversation that is not the caller's is refused (false), which needs a round trip over the socket.
        Assert.False(await connection.InvokeAsync<bool>("Join", Guid.NewGuid(), ct));
    }

    [GeneratedRegex("<link[^>]+href=\"(/css/site[^\"]*\\.css)\"")]
    private static partial Regex StylesheetLink();
}
