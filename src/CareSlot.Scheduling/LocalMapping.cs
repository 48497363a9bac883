using NodaTime;
using NodaTime.TimeZones;

namespace CareSlot.Scheduling;

/// <summary>Turns the clinic's wall-clock times into instants, the same way everywhere in scheduling.</summary>
internal static class LocalMapping
{
    // In a fall-back overlap a start takes the first occurrence and an end the second, so a night shift
    // covering the repeated hour lasts as long as the doctor really works, and 09:00–17:00 never moves.
    // In a spring-forward gap both move forward by the gap, as NodaTime's lenient resolver does.
    private static readonly ZoneLocalMappingResolver EndResolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnLater, Resolvers.ReturnForwardShifted);

    // Unlike DateTimeZone.AtStartOfDay this does not throw for a date a zone skipped entirely
    // (Pacific/Apia, 2011-12-30): that day simply has no instants.
    private static readonly ZoneLocalMappingResolver DayStartResolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    public static Instant Start(DateTimeZone zone, LocalDateTime local) =>
        zone.ResolveLocal(local, Resolvers.LenientResolver).ToInstant();

    public static Instant End(DateTimeZone zone, LocalDateTime local) => zone.ResolveLocal(local, EndResolver).ToInstant();

    /// <summary>The first instant whose local date is <paramref name="date"/> or later.</summary>
    public static Instant DayStart(DateTimeZone zone, LocalDate date) =>
        zone.ResolveLocal(date.AtMidnight(), DayStartResolver).ToInstant();

    /// <summary>The local date whose day (from <see cref="DayStart"/> to the next) contains <paramref name="instant"/>.</summary>
    public static LocalDate DayOf(DateTimeZone zone, Instant instant)
    {
        // The local date is the answer except around a transition at midnight, where it can be one off.
        var date = instant.InZone(zone).Date;
        while (instant < DayStart(zone, date))
        {
            date = date.PlusDays(-1);
        }

        while (instant >= DayStart(zone, date.PlusDays(1)))
        {
            date = date.PlusDays(1);
        }

        return date;
    }

    /// <summary>
    /// A local time range on <paramref name="date"/>, where an end of <see cref="LocalTime.Midnight"/> means the
    /// end of the day; <see langword="null"/> when it is invalid or covers no instant.
    /// </summary>
    public static Interval? OnDate(DateTimeZone zone, LocalDate date, LocalTime start, LocalTime end)
    {
        if (end != LocalTime.Midnight && end <= start)
        {
            return null;
        }

        var localEnd = end == LocalTime.Midnight ? date.PlusDays(1).AtMidnight() : date + end;
        return Between(zone, date + start, localEnd);
    }

    /// <summary>A local period as instants; <see langword="null"/> when it is invalid or covers no instant.</summary>
    public static Interval? Between(DateTimeZone zone, LocalDateTime start, LocalDateTime end)
    {
        if (end <= start)
        {
            return null;
        }

        // Both ends can land in the same gap, or a start shifted forward past an end just after the gap.
        var from = Start(zone, start);
        var to = End(zone, end);
        return from < to ? new Interval(from, to) : null;
    }
}
