using CareSlot.Web.Platform.Time;
using NodaTime;

namespace CareSlot.Web.Features.HelpDesk;

/// <summary>Times on the help desk's pages, in the support team's zone (<see cref="HelpDeskOptions.TimeZone"/>).</summary>
public static class TicketDisplay
{
    /// <param name="iso">A time as the views write it (<see cref="IsoTime"/>).</param>
    public static string Moment(string iso, DateTimeZone zone) =>
        IsoTime.TryParse(iso, out var instant) ? ClinicTime.ShortDayAndClock(instant.InZone(zone)) : iso;
}
