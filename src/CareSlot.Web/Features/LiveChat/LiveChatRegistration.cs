using CareSlot.Web.Platform.Security.Encryption;
using Microsoft.AspNetCore.SignalR;

namespace CareSlot.Web.Features.LiveChat;

public static class LiveChatRegistration
{
    public static IHostApplicationBuilder AddLiveChat(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ChatOptions>().BindConfiguration(ChatOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSignalR().AddHubOptions<LiveChatHub>(hub =>
        {
            hub.AddFilter<ChatCultureFilter>();
            // A line is at most 2,000 characters; anything much bigger is not a chat message.
            hub.MaximumReceiveMessageSize = 32 * 1024;
        });
        builder.Services
            .AddSingleton<ChatCultureFilter>()
            .AddScoped<ChatRouting>()
            .AddScoped<ChatTalk>()
            .AddScoped<ChatDesk>()
            .AddScoped<ChatTranscripts>()
            .AddSingleton<ChatPush>()
            .AddEncryptedColumn<ChatMessage>(ChatTalk.BodyColumn);
        return builder;
    }

    /// <summary>The chat's hub (<see cref="LiveChatHub"/>).</summary>
    public static IEndpointRouteBuilder MapLiveChatHub(this IEndpointRouteBuilder routes)
    {
        routes.MapHub<LiveChatHub>(LiveChatHub.Path);
        return routes;
    }
}
