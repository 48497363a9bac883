using CareSlot.Web.Platform.Security.Encryption;
using Microsoft.AspNetCore.Authorization;

namespace CareSlot.Web.Features.Messaging;

public static class MessagingRegistration
{
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSignalR();
        builder.Services
            .AddScoped<IAuthorizationHandler, ConversationAuthorizationHandler>()
            .AddScoped<ConversationQueries>()
            .AddScoped<UnreadMessages>()
            .AddScoped<SendMessage>()
            .AddScoped<StartConversation>()
            .AddScoped<CloseConversation>()
            .AddSingleton<MessagePush>()
            .AddEncryptedColumn<Conversation>(ConversationQueries.SubjectColumn)
            .AddEncryptedColumn<Message>(ConversationQueries.BodyColumn)
            .AddEncryptedColumn<MessageAttachment>(ConversationQueries.FileNameColumn)
            .AddEncryptedColumn<MessageAttachment>(ConversationQueries.ContentColumn);
        return builder;
    }

    /// <summary>The live-update hub of open conversation pages (<see cref="MessagesHub"/>).</summary>
    public static IEndpointRouteBuilder MapMessagesHub(this IEndpointRouteBuilder routes)
    {
        routes.MapHub<MessagesHub>(MessagesHub.Path);
        return routes;
    }
}
