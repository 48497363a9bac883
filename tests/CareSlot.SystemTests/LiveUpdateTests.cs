using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CareSlot.SystemTests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace CareSlot.SystemTests;

/// <summary>
/// (g) A live update crosses instances: a patient's conversation page listens on instance 1, the patient writes through
/// instance 2, and instance 1's listener hears "changed". Needs the Redis backplane of branch "scaleout".
/// </summary>
[Collection(OneTopology.Name)]
public sealed class LiveUpdateTests
{
    [Fact]
    public async Task AMessageSentThroughOneInstanceReachesAListenerOnAnother()
    {
        var ct = TestContext.Current.CancellationToken;
        using var site = Topology.SiteClient();
        var slots = await Slots.FreeAsync(site, 50, notBefore: TimeProvider.System.GetUtcNow().AddHours(2));
        var (patient, slot) = (await PatientPool.AssignAsync(site, slots, 1))[0];
        using (var booking = Load.Booking(patient, slot))
        using (var booked = await site.SendAsync(booking, ct))
        {
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        }
        // A patient may write to a doctor who cares for them: the visit just booked makes it so.
        using var start = new HttpRequestMessage(HttpMethod.Post, "api/v1/conversations")
        {
            Content = JsonContent.Create(new { doctorId = slot.DoctorId, subject = "System test", body = "First message from the system test." }),
        };
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", patient.Token);
        using var started = await site.SendAsync(start, ct);
        var startBody = await started.Content.ReadAsStringAsync(ct);
        Assert.True(started.StatusCode == HttpStatusCode.Created, startBody);
        var conversationId = JsonDocument.Parse(startBody).RootElement.GetProperty("id").GetGuid();

        // The listener connects to instance 1 itself, not through nginx: which instance holds it must be certain.
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Topology.InstanceAddress(0), "hubs/messages"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.AccessTokenProvider = () => Task.FromResult<string?>(patient.Token);
                options.Headers["X-Forwarded-Proto"] = "https";
            })
            .Build();
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<string>("changed", id => heard.TrySetResult(id));
        await connection.StartAsync(ct);
        Assert.True(await connection.InvokeAsync<bool>("Join", conversationId, ct));

        using var instance2 = Topology.InstanceClient(1);
        using var send = new HttpRequestMessage(HttpMethod.Post, $"api/v1/conversations/{conversationId}/messages")
        {
            Content = JsonContent.Create(new { body = "Sent through instance 2." }),
        };
        send.Headers.Authorization = new AuthenticationHeaderValue("Bearer", patient.Token);
        var watch = Stopwatch.StartNew();
        using var sent = await instance2.SendAsync(send, ct);
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync(ct));
        var arrived = await Task.WhenAny(heard.Task, Task.Delay(TimeSpan.FromSeconds(10), ct)) == heard.Task;
        Figures.Print("g. live update", arrived
            ? $"message sent through instance 2, \"changed\" heard on instance 1 after {watch.Elapsed.TotalMilliseconds:F0} ms"
            : "message sent through instance 2, nothing heard on instance 1 within 10 s (no backplane between the instances)");
        Assert.True(arrived, "the listener on instance 1 heard nothing");
        Assert.Equal(conversationId.ToString(), await heard.Task);
    }
}
