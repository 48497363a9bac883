using CareSlot.Web.Features.LiveChat;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.LiveChat;

public sealed class LiveChatRoutingTestsOnSqlite(SqliteApp app) : LiveChatRoutingTests(app), IClassFixture<SqliteApp>;

public sealed class LiveChatRoutingTestsOnPostgres(PostgresApp app) : LiveChatRoutingTests(app), IClassFixture<PostgresApp>;

/// <summary>The chat's routing through its use cases, without SignalR: least-loaded agent, the cap, the FIFO queue, presence, races.</summary>
public abstract class LiveChatRoutingTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_GoesToTheLeastLoadedAgent_UpToTheCap_ThenQueuesInOrder_AndTheHeadMovesUpWhenAChatEnds()
    {
        await app.ResetChatsAsync();
        var first = await app.AvailableAgentAsync();
        var second = await app.AvailableAgentAsync();

        var chats = new List<ChatView>();
        for (var i = 0; i < 6; i++)
        {
            chats.Add(await app.StartAsVisitorAsync(LiveChatTestKit.NewVisitor()));
            // Each new chat goes to whoever holds fewer: the two never differ by more than one.
            var load = await app.LoadByAgentAsync();
            Assert.InRange(Math.Abs(load[first] - load[second]), 0, 1);
        }
        Assert.All(chats, chat => Assert.Equal("active", chat.Status));
        Assert.Equal(new Dictionary<Guid, int> { [first] = 3, [second] = 3 }, await app.LoadByAgentAsync()); // the cap (3 each)

        var visitors = Enumerable.Range(0, 3).Select(_ => LiveChatTestKit.NewVisitor()).ToList();
        var waiting = new List<ChatView>();
        foreach (var visitor in visitors) waiting.Add(await app.StartAsVisitorAsync(visitor));
        Assert.Equal([("waiting", 1), ("waiting", 2), ("waiting", 3)], waiting.Select(w => (w.Status, w.Position ?? 0)));
        Assert.Equal([1, 2, 3], (await app.WithChatAsync((_, routing, _) => routing.QueueAsync(Ct))).Select(p => p.Position));

        // A chat that ends frees its agent's seat: the head of the queue gets it, the rest move up.
        var firstAgentsChat = await app.WithDbAsync(db => db.ChatConversations.Where(c => c.AgentId == first).Select(c => c.Id).FirstAsync(Ct));
        var (closed, assignments) = await app.WithChatAsync((_, routing, _) => routing.CloseAsync(firstAgentsChat, Ct));
        Assert.True(closed);
        Assert.Equal(new ChatAssignment(waiting[0].Id, first), Assert.Single(assignments));
        Assert.Equal([(waiting[1].Id, 1), (waiting[2].Id, 2)],
            (await app.WithChatAsync((_, routing, _) => routing.QueueAsync(Ct))).Select(p => (p.ConversationId, p.Position)));
        Assert.Equal(1, await app.WithChatAsync((_, routing, _) => routing.PositionAsync(waiting[1].Id, Ct)));

        // The visitor who waits second ends their wait: the one behind them is next.
        Assert.Equal("waiting", (await app.WithChatAsync((desk, _, _) => desk.EndAsCustomerAsync(visitors[1], Ct))).Chat?.Status ?? "waiting");
        Assert.Equal([(waiting[2].Id, 1)], (await app.WithChatAsync((_, routing, _) => routing.QueueAsync(Ct))).Select(p => (p.ConversationId, p.Position)));
        // Closing twice changes nothing.
        Assert.False((await app.WithChatAsync((_, routing, _) => routing.CloseAsync(firstAgentsChat, Ct))).Closed);
        Assert.Equal(new Dictionary<Guid, int> { [first] = 3, [second] = 3 }, await app.LoadByAgentAsync());
    }

    [Fact]
    public async Task NobodyOnline_NoChatIsMade_AndTheHelpDeskIsOffered_AwayOrSilentAgentsCountAsOffline()
    {
        await app.ResetChatsAsync();
        var visitor = LiveChatTestKit.NewVisitor();
        Task<ChatAnswer> StartAsync() => app.WithChatAsync((desk, _, _) => desk.StartAsync(visitor, "Vera Visitor", "vera@example.org", Ct));

        Assert.True((await StartAsync()).NoAgentOnline);
        Assert.Equal(0, await app.WithDbAsync(db => db.ChatConversations.CountAsync(Ct)));

        var agent = await app.AvailableAgentAsync();
        await app.WithChatAsync((desk, _, _) => desk.SetAvailabilityAsync(agent, available: false, Ct));
        Assert.True((await StartAsync()).NoAgentOnline);

        await app.WithChatAsync((desk, _, _) => desk.SetAvailabilityAsync(agent, available: true, Ct));
        // Silent for longer than the presence timeout (90 s): offline, though they never said "away".
        app.Clock.Advance(TimeSpan.FromSeconds(91));
        Assert.True((await StartAsync()).NoAgentOnline);
        // Their console's heartbeat brings them back.
        await app.WithChatAsync(async (desk, _, _) => { await desk.SeenAsync(agent, Ct); return 0; });
        var answer = await StartAsync();
        Assert.False(answer.NoAgentOnline);
        Assert.Equal("active", answer.Chat?.Status);
        Assert.Equal(agent, await app.WithDbAsync(db => db.ChatConversations.Select(c => c.AgentId).SingleAsync(Ct)));
    }

    [Fact]
    public async Task TwoAgentsRaceForOneWaitingChat_ExactlyOneTakesIt()
    {
        for (var round = 0; round < 5; round++)
        {
            await app.ResetChatsAsync();
            var visitor = LiveChatTestKit.NewVisitor();
            // Made waiting with nobody online, so no routing takes it before the race.
            var waiting = (await app.WithChatAsync((_, _, talk) => talk.StartAsync(visitor, "Vera Visitor", "vera@example.org", Ct))).Value!;
            // Present without going through SetAvailability, whose routing would hand the chat to the first before the race.
            var agents = new[] { await app.PresentAgentAsync(), await app.PresentAgentAsync() };

            var wins = await Task.WhenAll(agents.Select(agent => Task.Run(() => app.WithChatAsync((_, routing, _) => routing.ClaimAsync(waiting.Id, agent, Ct)), Ct)));

            Assert.Single(wins, won => won);
            var winner = agents[Array.IndexOf(wins, true)];
            Assert.Equal((ChatStatus.Active, winner),
                await app.WithDbAsync(async db => await db.ChatConversations.Where(c => c.Id == waiting.Id).Select(c => new ValueTuple<ChatStatus, Guid>(c.Status, c.AgentId!.Value)).SingleAsync(Ct)));
            // The loser's seat was given back with its transaction.
            Assert.Equal(1, (await app.LoadByAgentAsync()).Values.Sum());
        }
    }

    [Fact]
    public async Task Lines_AreSealedAtRest_AndEmptyOverlongOrControlCharacterMessagesAreRefused()
    {
        await app.ResetChatsAsync();
        await app.AvailableAgentAsync();
        var visitor = LiveChatTestKit.NewVisitor();
        await app.StartAsVisitorAsync(visitor);

        async Task<ChatAnswer> SendAsync(string? message) => await app.WithChatAsync((desk, _, _) => desk.SendAsCustomerAsync(visitor, message, Ct));
        foreach (var refused in new[] { null, "", "   \n  ", "bell\u0007", "nul\0", new string('a', ChatMessage.BodyMaxLength + 1), "\u200B" })
        {
            var answer = await SendAsync(refused);
            Assert.Equal("message", answer.Field);
            Assert.False(string.IsNullOrWhiteSpace(answer.Error));
        }

        const string Payload = "<img src=x onerror=window.__xss=1> and a line\nbreak";
        Assert.Null((await SendAsync(Payload)).Error);
        var stored = await app.WithDbAsync(db => db.ChatMessages.AsNoTracking().Select(m => m.SealedBody).SingleAsync(Ct));
        Assert.StartsWith("phi1:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("onerror", stored, StringComparison.Ordinal);
        var chat = await app.WithChatAsync((desk, _, _) => desk.ResumeAsync(visitor, Ct));
        Assert.Equal(Payload, Assert.Single(chat!.Lines).Text);

        // Someone else's key finds nothing, and writing without a chat is refused, not an error.
        var stranger = LiveChatTestKit.NewVisitor();
        Assert.Null(await app.WithChatAsync((desk, _, _) => desk.ResumeAsync(stranger, Ct)));
        Assert.NotNull((await app.WithChatAsync((desk, _, _) => desk.SendAsCustomerAsync(stranger, "hello?", Ct))).Error);
        // A visitor must say who they are.
        await app.WithChatAsync((desk, _, _) => desk.EndAsCustomerAsync(visitor, Ct));
        var invalid = await app.WithChatAsync((desk, _, _) => desk.StartAsync(LiveChatTestKit.NewVisitor(), " ", "not-an-address", Ct));
        Assert.Equal("name", invalid.Field);
        var badEmail = await app.WithChatAsync((desk, _, _) => desk.StartAsync(LiveChatTestKit.NewVisitor(), "Vera", "not-an-address", Ct));
        Assert.Equal("email", badEmail.Field);
    }
}
