using System.Security.Claims;
using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;

namespace CareSlot.Web.Features.LiveChat;

/// <summary>
/// The live chat's connection, a thin layer over <see cref="ChatDesk"/>. Customers (an account, or a visitor with the key
/// cookie) start, write, type and read in their own chat only — a connection joins the group of its own chat and no
/// other. The agent methods need the support area's policy. Every method answers a refusal as a value the client
/// shows (<see cref="ChatAnswer"/>), never by failing the connection.
/// </summary>
[Authorize(Policy = AccountPolicies.Anyone)]
public sealed class LiveChatHub(ChatDesk desk) : Hub
{
    public const string Path = "/hubs/chat";

    private ChatCustomer? Customer =>
        ChatCustomer.From(Context.User, Context.GetHttpContext()?.Request.Cookies[ChatCustomer.CookieName]);

    private Guid AgentId => Guid.Parse(Context.User!.FindFirstValue(ClaimTypes.NameIdentifier)!);

    public override async Task OnConnectedAsync()
    {
        if (ChatCustomer.IsAgent(Context.User))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, ChatPush.AgentGroup(AgentId));
            await Groups.AddToGroupAsync(Context.ConnectionId, ChatPush.AgentsGroup);
        }
        await base.OnConnectedAsync();
    }

    /// <summary>The caller's chat that has not ended (after a page change or a reconnect); an empty answer when there is none.</summary>
    public async Task<ChatAnswer> Resume()
    {
        if (Customer is not { } customer) return new ChatAnswer();
        var chat = await desk.ResumeAsync(customer, Context.ConnectionAborted);
        if (chat is not null) await Groups.AddToGroupAsync(Context.ConnectionId, ChatPush.CustomerGroup(chat.Id), Context.ConnectionAborted);
        return new ChatAnswer(Chat: chat);
    }

    /// <param name="name">A visitor's name (ignored when signed in).</param>
    /// <param name="email">A visitor's e-mail address (ignored when signed in).</param>
    public async Task<ChatAnswer> Start(string? name, string? email)
    {
        if (Customer is not { } customer) return NoKey();
        var answer = await desk.StartAsync(customer, name, email, Context.ConnectionAborted);
        if (answer.Chat is { } chat) await Groups.AddToGroupAsync(Context.ConnectionId, ChatPush.CustomerGroup(chat.Id), Context.ConnectionAborted);
        return answer;
    }

    public async Task<ChatAnswer> Send(string? message) =>
        Customer is { } customer ? await desk.SendAsCustomerAsync(customer, message, Context.ConnectionAborted) : NoKey();

    public async Task Typing()
    {
        if (Customer is { } customer) await desk.TypingAsCustomerAsync(customer, Context.ConnectionAborted);
    }

    public async Task Read()
    {
        if (Customer is { } customer) await desk.ReadAsCustomerAsync(customer, Context.ConnectionAborted);
    }

    public async Task<ChatAnswer> End() =>
        Customer is { } customer ? await desk.EndAsCustomerAsync(customer, Context.ConnectionAborted) : NoKey();

    [Authorize(Policy = AccountPolicies.SupportAgent)]
    public Task<AgentView> GoAvailable() => desk.SetAvailabilityAsync(AgentId, available: true, Context.ConnectionAborted);

    [Authorize(Policy = AccountPolicies.SupportAgent)]
    public Task<AgentView> GoAway() => desk.SetAvailabilityAsync(AgentId, available: false, Context.ConnectionAborted);

    /// <summary>The console's heartbeat: the agent is still there. Answers the console's view.</summary>
    [Authorize(Policy = AccountPolicies.SupportAgent)]
    public async Task<AgentView> Heartbeat()
    {
        await desk.SeenAsync(AgentId, Context.ConnectionAborted);
        return await desk.AgentViewAsync(AgentId, Context.ConnectionAborted);
    }

    [Authorize(Policy = AccountPolicies.SupportAgent)]
    public Task<AgentView> AgentState() => desk.AgentViewAsync(AgentId, Context.ConnectionAborted);

    [Authorize(Policy = AccountPolicies.SupportAgent)]
    public Task<ChatAnswer> AgentSend(long conversationId, string? message) =>
        desk.SendAsAgentAsync(AgentId, conversationId, message, Context.ConnectionAborted);

    [Authorize(Policy = AccountPolicies.SupportAgent)]
    public Task AgentTyping(long conversationId) => desk.TypingAsAgentAsync(AgentId, conversationId, Context.ConnectionAborted);

    [Authorize(Policy = AccountPolicies.SupportAgent)]
    public Task AgentRead(long conversationId) => desk.ReadAsAgentAsync(AgentId, conversationId, Context.ConnectionAborted);

    [Authorize(Policy = AccountPolicies.SupportAgent)]
    public Task<ChatAnswer> AgentEnd(long conversationId) => desk.EndAsAgentAsync(AgentId, conversationId, Context.ConnectionAborted);

    private ChatAnswer NoKey() => new(desk.Text["Your browser did not keep the chat's cookie. Reload the page and try again, or ask the help desk."]);
}

/// <summary>
/// Runs each call of the chat hub in the language of the connection's request (the page's), so its refusals are in the
/// words the person reads: request localization ran for the connection's request, not for each hub call.
/// </summary>
public sealed class ChatCultureFilter : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        if (invocationContext.Context.GetHttpContext()?.Features.Get<IRequestCultureFeature>() is { } culture)
        {
            System.Globalization.CultureInfo.CurrentCulture = culture.RequestCulture.Culture;
            System.Globalization.CultureInfo.CurrentUICulture = culture.RequestCulture.UICulture;
        }
        return next(invocationContext);
    }
}
