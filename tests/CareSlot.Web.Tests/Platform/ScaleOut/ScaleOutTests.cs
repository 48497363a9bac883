using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.LiveChat;
using CareSlot.Web.Features.Messaging;
using CareSlot.Web.Platform.Observability;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Features.LiveChat;
using CareSlot.Web.Tests.Features.Messaging;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Platform.ScaleOut;

public sealed class ScaleOutTestsOnSqlite(TwoInstancesWithRedisOnSqlite pair) : ScaleOutTests(pair), IClassFixture<TwoInstancesWithRedisOnSqlite>;

public sealed class ScaleOutTestsOnPostgres(TwoInstancesWithRedisOnPostgres pair) : ScaleOutTests(pair), IClassFixture<TwoInstancesWithRedisOnPostgres>;

/// <summary>
/// Two instances sharing a real Redis (issue 21, item 4): what one instance caches, counts or pushes, the other sees; and
/// with Redis killed both keep serving, limits still hold per instance, and readiness says Degraded until it is back.
/// </summary>
public abstract class ScaleOutTests(TwoInstancesWithRedis pair)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private CareSlotApp A => pair.A;

    private CareSlotApp B => pair.B;

    [Fact]
    public async Task DirectoryAnswerCachedOnOneInstance_IsEvictedWhenAnotherApprovesADoctor()
    {
        var family = "Scaleout" + new string([.. Guid.NewGuid().ToString("N").Where(char.IsLetter)]);
        var query = "q=" + family;
        var onA = A.CreateClient();
        Assert.Equal(0, await TotalAsync(onA, query));
        await AddDoctorAsync(family, listed: true); // straight into the database: nothing evicts
        Assert.Equal(0, await TotalAsync(onA, query));
        Assert.Equal(0, await TotalAsync(B.CreateClient(), query)); // B answers from what A put in Redis

        var pending = await AddDoctorAsync(family, listed: false);
        await B.CreateApiUserAsync(Roles.Doctor, doctorId: pending);
        var admin = await B.CreateApiUserAsync(Roles.Admin, multiFactor: true);
        using (var approved = await admin.Client.PostAsync(new Uri($"/api/v1/admin/doctors/{pending}/approve", UriKind.Relative), null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        Assert.Equal(2, await TotalAsync(onA, query));
    }

    [Fact]
    public async Task PerIpLimit_IsCountedAcrossInstances()
    {
        var ip = NewAddress();
        var answers = new List<int>();
        for (var i = 0; i < TwoInstancesWithRedis.PerIpLimit + 1; i++)
        {
            answers.Add(await ForgotPasswordAsync(i % 2 == 0 ? A : B, ip, NewEmail()));
        }

        Assert.Equal(Enumerable.Repeat(StatusCodes.Status202Accepted, TwoInstancesWithRedis.PerIpLimit), answers.Take(TwoInstancesWithRedis.PerIpLimit));
        Assert.Equal(StatusCodes.Status429TooManyRequests, answers[^1]);
        Assert.Equal(StatusCodes.Status202Accepted, await ForgotPasswordAsync(B, NewAddress(), NewEmail())); // another IP is not held up
    }

    [Fact]
    public async Task PerAddressLimit_IsCountedAcrossInstances_WhateverTheIp()
    {
        var email = NewEmail();
        var answers = new List<int>();
        for (var i = 0; i < TwoInstancesWithRedis.PerAddressLimit + 1; i++)
        {
            answers.Add(await ForgotPasswordAsync(i % 2 == 0 ? B : A, NewAddress(), i == 1 ? email.ToUpperInvariant() : email));
        }

        Assert.Equal(Enumerable.Repeat(StatusCodes.Status202Accepted, TwoInstancesWithRedis.PerAddressLimit), answers.Take(TwoInstancesWithRedis.PerAddressLimit));
        Assert.Equal(StatusCodes.Status429TooManyRequests, answers[^1]);
    }

    [Fact]
    public async Task MessageSentThroughOneInstance_ReachesAPageConnectedToTheOther()
    {
        await PushCrossesInstancesAsync();

        var channels = await pair.Redis.ChannelsAsync();
        Assert.Contains(channels, c => c.StartsWith("careslot" + typeof(MessagesHub).FullName, StringComparison.Ordinal));
        Assert.All(channels, c => Assert.StartsWith("careslot", c, StringComparison.Ordinal));
    }

    /// <summary>
    /// Live chat across instances: a support agent's console connected to A, a visitor's widget to B. The new chat, the
    /// visitor's line and the agent's answer each cross Redis on their way.
    /// </summary>
    [Fact]
    public async Task LiveChatBetweenAnAgentOnOneInstanceAndAVisitorOnTheOther_CrossesRedisBothWays()
    {
        await A.ResetChatsAsync();
        var agentUser = await A.CreateApiUserAsync(Roles.Support, multiFactor: true);
        await using var agent = await A.ConnectToChatAsync(bearer: agentUser.Client.DefaultRequestHeaders.Authorization?.Parameter);
        Assert.True((await agent.Connection.InvokeAsync<AgentView>("GoAvailable", Ct)).Available);

        var keyResponse = await B.CreateClient().PostAsync(new Uri("/api/v1/chat/visitor-key", UriKind.Relative), null, Ct);
        await using var visitor = await B.ConnectToChatAsync(cookie: keyResponse.Headers.GetValues("Set-Cookie").Single().Split(';')[0]);
        var chat = (await visitor.Connection.InvokeAsync<ChatAnswer>("Start", "Vera Visitor", "vera@example.org", Ct)).Chat;
        Assert.Equal("active", chat?.Status);
        await agent.NextAsync(ChatPush.AgentChangedEvent);

        Assert.Null((await visitor.Connection.InvokeAsync<ChatAnswer>("Send", "Is parking free?", Ct)).Error);
        Assert.Equal("Is parking free?", (await agent.NextAsync(ChatPush.MessageEvent)).GetProperty("text").GetString());
        Assert.Null((await agent.Connection.InvokeAsync<ChatAnswer>("AgentSend", chat!.Id, "Yes, for patients.", Ct)).Error);
        Assert.Equal("Yes, for patients.", (await visitor.NextAsync(ChatPush.MessageEvent, m => m.GetProperty("fromAgent").GetBoolean())).GetProperty("text").GetString());

        Assert.Contains(await pair.Redis.ChannelsAsync(), c => c.StartsWith("careslot" + typeof(LiveChatHub).FullName, StringComparison.Ordinal));
    }

    /// <summary>A patient's page open on A hears of the doctor's answer sent through B.</summary>
    private async Task PushCrossesInstancesAsync()
    {
        var care = await A.CreateCareAsync();
        var conversation = await care.StartOkAsync();
        var changes = Channel.CreateUnbounded<string>();
        await using var onA = await ConnectToMessagesAsync(A, care.Patient);
        onA.On<string>(MessagesHub.ChangedMethod, id => changes.Writer.TryWrite(id));
        Assert.True(await onA.InvokeAsync<bool>("Join", conversation.Id, Ct));

        var doctorOnB = new ApiUser(care.DoctorUser.Id, care.DoctorUser.Email, B.CreateClient());
        doctorOnB.Client.DefaultRequestHeaders.Authorization = care.DoctorUser.Client.DefaultRequestHeaders.Authorization;
        await doctorOnB.SendOkAsync(conversation.Id, "Your results are in.");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(Patience);
        Assert.Equal(conversation.Id.ToString(), await changes.Reader.ReadAsync(timeout.Token));
    }

    [Fact]
    public async Task RedisKilled_SiteKeepsServing_LimitsHoldPerInstance_ReadinessDegradedUntilItIsBack()
    {
        var doctor = await A.CreateBookableDoctorAsync();
        var patient = (await A.CreatePatientsAsync(1))[0];
        var care = await A.CreateCareAsync();
        var conversation = await care.StartOkAsync();
        try
        {
            await pair.Redis.StopAsync();

            await patient.BookOkAsync(doctor, A.LocalTimeTomorrow(doctor, 9));
            Assert.Equal(HttpStatusCode.OK, (await A.CreateClient().GetAsync(new Uri("/api/v1/doctors?q=Doctor", UriKind.Relative), Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await B.CreateClient().GetAsync(new Uri("/api/v1/doctors?q=Doctor", UriKind.Relative), Ct)).StatusCode);
            await care.Patient.SendOkAsync(conversation.Id, "Is Tuesday fine?"); // the live update is lost, the message is not

            var ip = NewAddress();
            var onA = new List<int>();
            for (var i = 0; i < TwoInstancesWithRedis.PerIpLimit + 1; i++) onA.Add(await ForgotPasswordAsync(A, ip, NewEmail()));
            Assert.Equal(Enumerable.Repeat(StatusCodes.Status202Accepted, TwoInstancesWithRedis.PerIpLimit), onA.Take(TwoInstancesWithRedis.PerIpLimit));
            Assert.Equal(StatusCodes.Status429TooManyRequests, onA[^1]);
            Assert.Equal(StatusCodes.Status202Accepted, await ForgotPasswordAsync(B, ip, NewEmail())); // B counts on its own meanwhile

            Assert.Equal("Degraded", await RedisCheckAsync(A));
            Assert.Equal("Degraded", await RedisCheckAsync(B));
        }
        finally
        {
            await pair.Redis.StartAsync();
        }

        await WaitForRedisCheckAsync(A, "Healthy");
        await WaitForRedisCheckAsync(B, "Healthy");
        await PushCrossesInstancesAsync(); // the backplane is back too
        var another = NewAddress();
        for (var i = 0; i < TwoInstancesWithRedis.PerIpLimit; i++) Assert.Equal(StatusCodes.Status202Accepted, await ForgotPasswordAsync(i % 2 == 0 ? A : B, another, NewEmail()));
        Assert.Equal(StatusCodes.Status429TooManyRequests, await ForgotPasswordAsync(A, another, NewEmail())); // and the shared count
    }

    private Task<int> AddDoctorAsync(string familyName, bool listed) => A.WithDbAsync(async db =>
    {
        var doctor = new Doctor("Dr.", "Scale", familyName, "", ["en"], acceptingNewPatients: true, isListed: listed);
        doctor.Clinics.Add(await db.Clinics.OrderBy(c => c.Id).FirstAsync(c => c.RetiredAt == null, Ct));
        doctor.RefreshSearchKey();
        db.Doctors.Add(doctor);
        await db.SaveChangesAsync(Ct);
        return doctor.Id;
    });

    private static async Task<int> TotalAsync(HttpClient client, string query) =>
        (await (await client.GetAsync(new Uri("/api/v1/doctors?" + query, UriKind.Relative), Ct)).ShouldBeOkJsonAsync<Page<DoctorSummary>>()).TotalCount;

    private static int addressCounter;

    /// <summary>A private address no other request of the run came from, so a count that starts with it starts at zero.</summary>
    private static IPAddress NewAddress()
    {
        var n = Interlocked.Increment(ref addressCounter);
        return new IPAddress([10, (byte)(n >> 16), (byte)(n >> 8), (byte)n]);
    }

    private static string NewEmail() => $"limit-{Guid.NewGuid():N}@example.com";

    /// <summary>POST /api/v1/auth/forgot-password as if from <paramref name="ip"/> (the test server has no client address of its own).</summary>
    private static async Task<int> ForgotPasswordAsync(CareSlotApp app, IPAddress ip, string email)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/auth/forgot-password", UriKind.Relative)) { Content = JsonContent.Create(new { email }) };
        request.Headers.Add(TwoInstancesWithRedis.ClientAddressHeader, ip.ToString());
        using var response = await app.CreateClient().SendAsync(request, Ct);
        return (int)response.StatusCode;
    }

    internal static async Task<HubConnection> ConnectToMessagesAsync(CareSlotApp app, ApiUser user)
    {
        var token = user.Client.DefaultRequestHeaders.Authorization?.Parameter;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "hubs/messages"), options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                options.AccessTokenProvider = () => Task.FromResult(token);
            })
            .Build();
        await connection.StartAsync(Ct);
        return connection;
    }

    internal static async Task<string?> RedisCheckAsync(CareSlotApp app)
    {
        var response = await app.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // Degraded still takes traffic
        var report = await response.Content.ReadFromJsonAsync<ReadinessReport>(Ct);
        return report!.Checks.Single(c => c.Name == "redis").Status;
    }

    internal static async Task WaitForRedisCheckAsync(CareSlotApp app, string status)
    {
        var waited = Stopwatch.StartNew();
        string? last;
        while ((last = await RedisCheckAsync(app)) != status)
        {
            Assert.True(waited.Elapsed < Patience, $"The redis check still says {last} after {Patience.TotalSeconds} s; expected {status}.");
            await Task.Delay(TimeSpan.FromMilliseconds(100), Ct);
        }
    }
}
