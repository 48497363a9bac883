using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.HelpDesk;

/// <summary>The help desk's values as people read them (the API spells them with <see cref="ApiNames"/>).</summary>
public static class TicketNames
{
    /// <summary>"#1042": how people, pages and e-mail subjects name a ticket.</summary>
    public static string Reference(long ticketId) => $"#{ticketId}";

    public static string Category(TicketCategory category, IStringLocalizer text) => category switch
    {
        TicketCategory.Booking => text["Booking"],
        TicketCategory.Account => text["Account"],
        TicketCategory.Technical => text["Technical problem"],
        TicketCategory.Billing => text["Billing"],
        _ => text["Other"],
    };

    public static string Status(TicketStatus status, IStringLocalizer text) => status switch
    {
        TicketStatus.New => text["New"],
        TicketStatus.Open => text["Open"],
        TicketStatus.WaitingForRequester => text["Waiting for the requester"],
        TicketStatus.Solved => text["Solved"],
        _ => text["Closed"],
    };

    public static string Priority(TicketPriority priority, IStringLocalizer text) => priority switch
    {
        TicketPriority.Low => text["Low"],
        TicketPriority.High => text["High"],
        TicketPriority.Urgent => text["Urgent"],
        _ => text["Normal"],
    };

    /// <summary>The same, from the names the views carry (as the API writes them).</summary>
    public static string Category(string apiName, IStringLocalizer text) =>
        Category(ApiNames.TryParse<TicketCategory>(apiName, out var value) ? value : TicketCategory.Other, text);

    public static string Status(string apiName, IStringLocalizer text) =>
        Status(ApiNames.TryParse<TicketStatus>(apiName, out var value) ? value : TicketStatus.Open, text);

    public static string Priority(string apiName, IStringLocalizer text) =>
        Priority(ApiNames.TryParse<TicketPriority>(apiName, out var value) ? value : TicketPriority.Normal, text);
}
