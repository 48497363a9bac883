using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;

namespace CareSlot.Web.Platform.ScaleOut;

/// <summary>
/// SignalR's Redis backplane for every hub, with Redis down meaning "no live update" instead of an exception: the pages
/// push after a change has committed (a message sent, a chat line kept), so a failed publish must not turn that answer
/// into a 500. Clients catch up when they reload or reconnect; the outage is logged once.
/// </summary>
public sealed class ResilientHubLifetimeManager<THub>(RedisHubLifetimeManager<THub> redis, RedisOutage outage) : HubLifetimeManager<THub>
    where THub : Hub
{
    private const string Part = "SignalR backplane";

    private async Task Guard(Func<Task> call)
    {
        try
        {
            await call();
            outage.Succeeded();
        }
        catch (Exception e) when (RedisOutage.IsRedisFailure(e))
        {
            outage.Failed(Part, e);
        }
    }

    public override Task OnConnectedAsync(HubConnectionContext connection) => Guard(() => redis.OnConnectedAsync(connection));

    public override Task OnDisconnectedAsync(HubConnectionContext connection) => Guard(() => redis.OnDisconnectedAsync(connection));

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Guard(() => redis.SendAllAsync(methodName, args, cancellationToken));

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        Guard(() => redis.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken));

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Guard(() => redis.SendConnectionAsync(connectionId, methodName, args, cancellationToken));

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Guard(() => redis.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken));

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Guard(() => redis.SendGroupAsync(groupName, methodName, args, cancellationToken));

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Guard(() => redis.SendGroupsAsync(groupNames, methodName, args, cancellationToken));

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        Guard(() => redis.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken));

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Guard(() => redis.SendUserAsync(userId, methodName, args, cancellationToken));

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Guard(() => redis.SendUsersAsync(userIds, methodName, args, cancellationToken));

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        Guard(() => redis.AddToGroupAsync(connectionId, groupName, cancellationToken));

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        Guard(() => redis.RemoveFromGroupAsync(connectionId, groupName, cancellationToken));

    // Client results (InvokeAsync on a client) are not used by CareSlot's hubs; they pass straight through.
    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        redis.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, Microsoft.AspNetCore.SignalR.Protocol.CompletionMessage result) =>
        redis.SetConnectionResultAsync(connectionId, result);

    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        redis.TryGetReturnType(invocationId, out type);
}
