using System.Globalization;
using NodaTime;

namespace CareSlot.Scheduling.Tests;

/// <summary>Short ways to write availabilities and requests in the clinic's local time.</summary>
internal static class Schedules
{
    public static DateTimeZone Zone(string id) => DateTimeZoneProviders.Tzdb[id];

    public static LocalTime Time(string hhmm) => LocalTime.FromMinutesSinceMidnight(Minutes(hhmm));

    public static WeeklyInterval Weekly(IsoDayOfWeek day, string start, string end) => new(day, Time(start), Time(end));

    public static DatedInterval Dated(LocalDate date, string start, string end) => new(date, Time(start), Time(end));

    public static Availability Availability(
        DateTimeZone zone,
        IReadOnlyList<WeeklyInterval>? working = null,
        IReadOnlyList<WeeklyInterval>? breaks = null,
        IReadOnlyList<DatedInterval>? extra = null,
        IReadOnlyList<LocalPeriod>? timeOff = null) =>
        new(zone, working ?? [], breaks ?? [], extra ?? [], timeOff ?? []);

    /// <summary>The same hours on every day of the week.</summary>
    public static WeeklyInterval[] EveryDay(string start, string end) =>
        [.. Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None).Select(d => Weekly(d, start, end))];

    /// <summary>
    /// Slots on the local dates <paramref name="first"/> through <paramref name="last"/>, asked for a week
    /// earlier, so neither notice nor horizon gets in the way unless <paramref name="window"/> says so.
    /// </summary>
    public static SlotRequest Request(
        Availability availability,
        LocalDate first,
        LocalDate? last = null,
        int length = 30,
        int buffer = 0,
        IReadOnlyList<Interval>? busy = null,
        BookingWindow? window = null,
        Instant? now = null)
    {
        var zone = availability.Zone;
        return new SlotRequest(
            availability,
            new AppointmentLength(Duration.FromMinutes(length), Duration.FromMinutes(buffer)),
            window ?? new BookingWindow(Duration.Zero, 365),
            busy ?? [],
            now ?? zone.AtStartOfDay(first.PlusDays(-7)).ToInstant(),
            zone.AtStartOfDay(first).ToInstant(),
            zone.AtStartOfDay((last ?? first).PlusDays(1)).ToInstant());
    }

    /// <summary>An instant from a local date and "HH:mm", earlier occurrence when ambiguous.</summary>
    public static Instant At(DateTimeZone zone, LocalDate date, string hhmm) =>
        zone.AtLeniently(date + Time(hhmm)).ToInstant();

    public static Interval Busy(DateTimeZone zone, LocalDate date, string start, string end) =>
        new(At(zone, date, start), At(zone, date, end));

    /// <summary>Slot starts as local "HH:mm".</summary>
    public static string[] Starts(IEnumerable<Slot> slots, DateTimeZone zone) =>
        [.. slots.Select(s => s.Start.InZone(zone).ToString("HH:mm", CultureInfo.InvariantCulture))];

    /// <summary>Slot starts as local "HH:mm" with the UTC offset, e.g. "01:30-04", to tell a repeated hour apart.</summary>
    public static string[] StartsWithOffset(IEnumerable<Slot> slots, DateTimeZone zone) =>
        [.. slots.Select(s => s.Start.InZone(zone).ToString("HH:mmo<+HH>", CultureInfo.InvariantCulture))];

    private static int Minutes(string hhmm) =>
        (int.Parse(hhmm.AsSpan(0, 2), CultureInfo.InvariantCulture) * 60) + int.Parse(hhmm.AsSpan(3, 2), CultureInfo.InvariantCulture);
}
