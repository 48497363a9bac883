using System.ComponentModel.DataAnnotations;

namespace CareSlot.Web.Features.LiveChat;

/// <summary>The live chat's settings (section <c>LiveChat</c>).</summary>
public sealed class ChatOptions
{
    public const string Section = "LiveChat";

    /// <summary>How many chats one agent holds at once; the next one waits in the queue.</summary>
    [Range(1, 20)]
    public int MaxChatsPerAgent { get; set; } = 3;

    /// <summary>
    /// An available agent whose console has not been heard from for this long counts as offline (a closed laptop never
    /// says "away"); the console's heartbeat comes every 30 seconds.
    /// </summary>
    [Range(30, 3600)]
    public int PresenceTimeoutSeconds { get; set; } = 90;

    public TimeSpan PresenceTimeout => TimeSpan.FromSeconds(PresenceTimeoutSeconds);
}
