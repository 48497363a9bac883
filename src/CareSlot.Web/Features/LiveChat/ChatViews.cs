using CareSlot.Web.Features.HelpDesk;
using CareSlot.Web.Platform.Time;
using NodaTime;

namespace CareSlot.Web.Features.LiveChat;

/// <summary>A line as the widget and the console show it: the time already written in the support team's zone.</summary>
public sealed record LineView(Guid Id, long ConversationId, bool FromAgent, string Text, string Time);

/// <summary>The customer's chat in the widget.</summary>
/// <param name="Status">waiting, active or closed.</param>
/// <param name="Position">The place in the queue while waiting (1 is next).</param>
/// <param name="Read">True when the agent has read everything the customer wrote.</param>
public sealed record ChatView(long Id, string Status, int? Position, bool Read, IReadOnlyList<LineView> Lines);

/// <summary>What a hub method answers: the chat, or why not (a message for the person, and the field it is about).</summary>
/// <param name="NoAgentOnline">Nobody can take a chat now: the widget offers the help desk instead.</param>
public sealed record ChatAnswer(string? Error = null, string? Field = null, ChatView? Chat = null, bool NoAgentOnline = false)
{
    public static ChatAnswer From(UseCaseProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Errors is { } errors
            ? new ChatAnswer(errors.Values.First()[0], errors.Keys.First())
            : new ChatAnswer($"{problem.Title} {problem.Detail}");
    }
}

/// <summary>One of the chats an agent holds, in the console.</summary>
/// <param name="Read">True when the customer has read everything the agent wrote.</param>
public sealed record AgentChatView(long Id, string CustomerName, bool Visitor, string Status, bool Read, IReadOnlyList<LineView> Lines);

/// <summary>The agent's console: their presence, the queue's length, the chats they hold.</summary>
public sealed record AgentView(bool Available, int Waiting, int Cap, IReadOnlyList<AgentChatView> Chats, string? Error = null);

public static class ChatDisplay
{
    public static LineView Line(ChatLine line, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(line);
        return new LineView(line.Id, line.ConversationId, line.FromAgent, line.Text, Moment(line.At, zone));
    }

    public static string Moment(Instant at, DateTimeZone zone) => ClinicTime.ShortDayAndClock(at.InZone(zone));

    public static string Status(ChatStatus status) => ApiNames.Of(status);

    /// <summary>True when the reader's mark is at or after the other side's last line (or the other side wrote nothing).</summary>
    public static bool ReadByOtherSide(IReadOnlyList<ChatLine> lines, bool writtenByAgent, Instant? readAt)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var last = lines.LastOrDefault(l => l.FromAgent == writtenByAgent);
        return last is not null && readAt is { } at && at >= last.At;
    }

    public static string StatusText(ChatStatus status, Microsoft.Extensions.Localization.IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return status switch
        {
            ChatStatus.Waiting => text["Waiting"],
            ChatStatus.Active => text["Active"],
            _ => text["Ended"],
        };
    }

    internal static DateTimeZone Zone(HelpDeskOptions options) => options.Zone;
}
