using System.Globalization;
using NodaTime;

namespace CareSlot.Web.Platform.Time;

/// <summary>How pages show a clinic's times: always in the clinic's zone, with its abbreviation.</summary>
public static class ClinicTime
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>"Wednesday 25 November 2026".</summary>
    public static string Day(LocalDate date) => date.ToString("dddd d MMMM uuuu", English);

    /// <summary>"Wed 25 Nov".</summary>
    public static string ShortDay(LocalDate date) => date.ToString("ddd d MMM", English);

    /// <summary>"09:00".</summary>
    public static string Clock(ZonedDateTime time) => time.TimeOfDay.ToString("HH':'mm", English);

    /// <summary>"CET" (or "+01" where the zone has no abbreviation).</summary>
    public static string Abbreviation(ZonedDateTime time) => time.GetZoneInterval().Name;

    /// <summary>"Wed 25 Nov, 09:00 CET": a doctor's next free time, in the directory and on their profile.</summary>
    public static string ShortDayAndClock(ZonedDateTime time) => $"{ShortDay(time.Date)}, {Clock(time)} {Abbreviation(time)}";

    /// <summary>"Wednesday 25 November 2026, 09:00–09:30 CET".</summary>
    public static string Span(ZonedDateTime start, ZonedDateTime end) =>
        $"{Day(start.Date)}, {Clock(start)}–{Clock(end)} {Abbreviation(start)}";
}
