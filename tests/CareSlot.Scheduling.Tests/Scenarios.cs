using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Interval = NodaTime.Interval;

namespace CareSlot.Scheduling.Tests;

/// <summary>A random slot request, printed in full when a property fails.</summary>
public sealed record Scenario(SlotRequest Request)
{
    public DateTimeZone Zone => Request.Availability.Zone;

    /// <summary>Local dates wide enough to hold every open interval a slot in [From, To) can use.</summary>
    public IReadOnlyList<Interval> WideOpenIntervals() =>
        SlotFinder.OpenIntervals(
            Request.Availability,
            Request.From.InZone(Zone).Date.PlusDays(-3),
            Request.To.InZone(Zone).Date.PlusDays(3));

    public override string ToString()
    {
        var r = Request;
        var a = r.Availability;
        return string.Join(
            Environment.NewLine,
            $"zone {a.Zone.Id}, length {r.Type.Length}, buffer {r.Type.BufferAfter}, notice {r.Window.MinimumNotice}, horizon {r.Window.HorizonDays} days",
            $"now {Show(r.Now)}, from {Show(r.From)}, to {Show(r.To)}",
            $"working {string.Join("; ", a.WorkingHours)}",
            $"breaks {string.Join("; ", a.Breaks)}",
            $"extra {string.Join("; ", a.ExtraHours)}",
            $"time off {string.Join("; ", a.TimeOff)}",
            $"busy {string.Join("; ", r.Busy.Select(b => $"{Show(b.Start)}–{Show(b.End)}"))}");

        string Show(Instant instant) => instant.InZone(a.Zone).ToString("uuuu-MM-dd HH:mmo<g>", CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// Availabilities near the 2026 clock changes of a few zones, with hours that often cover the small hours
/// when clocks change, busy lists, lengths 5–240 minutes and buffers 0–60 minutes.
/// </summary>
public static class SchedulingArbitraries
{
    private static readonly string[] Zones = ["America/New_York", "Europe/Berlin", "Europe/London", "Australia/Sydney", "UTC"];

    // Each a Sunday with a clock change in at least one of the zones above.
    private static readonly LocalDate[] ChangeDates =
    [
        new(2026, 3, 8), new(2026, 3, 29), new(2026, 4, 5), new(2026, 10, 4), new(2026, 10, 25), new(2026, 11, 1),
    ];

    public static Arbitrary<Scenario> Scenario() => Arb.From(Scenarios);

    private static Gen<Scenario> Scenarios =>
        from zoneId in Gen.Elements(Zones)
        from changeDate in Gen.Elements(ChangeDates)
        from daysBefore in Gen.Choose(0, 3)
        from nowMinute in Gen.Choose(0, (24 * 60) - 1)
        from routine in Gen.Frequency((1, Gen.Constant(Array.Empty<WeeklyInterval>())), (2, Routine), (1, NightRoutine))
        from working in Gen.Choose(0, 6).SelectMany(n => Weekly.ArrayOf(n))
        from breaks in Gen.Choose(0, 3).SelectMany(n => Weekly.ArrayOf(n))
        from extra in Gen.Choose(0, 3).SelectMany(n => Dated(changeDate).ArrayOf(n))
        from timeOff in Gen.Choose(0, 2).SelectMany(n => Period(changeDate).ArrayOf(n))
        from length in Gen.Choose(5, 240)
        from buffer in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(0, 60)))
        from noticeMinutes in Gen.Frequency((2, Gen.Constant(0)), (2, Gen.Choose(0, 4 * 60)), (1, Gen.Choose(0, 48 * 60)))
        from horizon in Gen.Frequency((1, Gen.Choose(0, 3)), (3, Gen.Choose(4, 20)))
        from fromOffset in Gen.Choose(-24 * 60, 2 * 24 * 60)
        from rangeMinutes in Gen.Frequency((1, Gen.Choose(0, 12 * 60)), (3, Gen.Choose(12 * 60, 6 * 24 * 60)))
        from busy in Gen.Choose(0, 30).SelectMany(n => Busy.ArrayOf(n))
        select Build(
            DateTimeZoneProviders.Tzdb[zoneId],
            changeDate.PlusDays(-daysBefore).AtMidnight().PlusMinutes(nowMinute),
            new Availability(DateTimeZoneProviders.Tzdb[zoneId], [.. routine, .. working], breaks, extra, timeOff),
            new AppointmentLength(Duration.FromMinutes(length), Duration.FromMinutes(buffer)),
            new BookingWindow(Duration.FromMinutes(noticeMinutes), horizon),
            busy,
            fromOffset,
            rangeMinutes);

    private static Scenario Build(
        DateTimeZone zone,
        LocalDateTime now,
        Availability availability,
        AppointmentLength type,
        BookingWindow window,
        (int StartMinute, int Minutes)[] busy,
        int fromOffset,
        int rangeMinutes)
    {
        var nowInstant = zone.AtLeniently(now).ToInstant();
        var dayStart = zone.AtStartOfDay(now.Date).ToInstant();
        var from = nowInstant + Duration.FromMinutes(fromOffset);
        IReadOnlyList<Interval> busyIntervals =
        [
            .. busy.Select(b => new Interval(dayStart + Duration.FromMinutes(b.StartMinute), dayStart + Duration.FromMinutes(b.StartMinute + b.Minutes))),
        ];
        return new Scenario(new SlotRequest(availability, type, window, busyIntervals, nowInstant, from, from + Duration.FromMinutes(rangeMinutes)));
    }

    /// <summary>Minutes of a day, half the time in the small hours when clocks change; mostly on a 5-minute grid.</summary>
    private static Gen<int> MinuteOfDay =>
        Gen.Frequency(
            (2, Gen.Choose(0, 59).Select(m => m * 5)),
            (3, Gen.Choose(0, 287).Select(m => m * 5)),
            (1, Gen.Choose(0, (24 * 60) - 1)));

    /// <summary>An end after the start, sometimes midnight, and now and then an invalid one to be ignored.</summary>
    private static Gen<LocalTime> EndAfter(int startMinute) =>
        Gen.Frequency(
            (8, Gen.Choose(5, 12 * 60).Select(d => startMinute + d < 24 * 60 ? LocalTime.FromMinutesSinceMidnight(startMinute + d) : LocalTime.Midnight)),
            (1, Gen.Constant(LocalTime.Midnight)),
            (1, MinuteOfDay.Select(LocalTime.FromMinutesSinceMidnight)));

    private static Gen<IsoDayOfWeek> Day =>
        Gen.Frequency((2, Gen.Constant(IsoDayOfWeek.Sunday)), (5, Gen.Choose(1, 7).Select(d => (IsoDayOfWeek)d)));

    private static Gen<WeeklyInterval> Weekly =>
        from day in Day
        from start in MinuteOfDay
        from end in EndAfter(start)
        select new WeeklyInterval(day, LocalTime.FromMinutesSinceMidnight(start), end);

    /// <summary>The same hours every day, the usual shape of a schedule, so most scenarios have slots.</summary>
    private static Gen<WeeklyInterval[]> Routine =>
        from start in MinuteOfDay
        from end in EndAfter(start)
        select Enumerable.Range(1, 7).Select(d => new WeeklyInterval((IsoDayOfWeek)d, LocalTime.FromMinutesSinceMidnight(start), end)).ToArray();

    /// <summary>Night shifts every day, evening to a morning hour, merged across midnight and across the clock changes.</summary>
    private static Gen<WeeklyInterval[]> NightRoutine =>
        from evening in Gen.Choose(16 * 12, (24 * 12) - 1)
        from morning in Gen.Choose(1, 10 * 12)
        select Enumerable.Range(1, 7)
            .SelectMany(d => new[]
            {
                new WeeklyInterval((IsoDayOfWeek)d, LocalTime.FromMinutesSinceMidnight(evening * 5), LocalTime.Midnight),
                new WeeklyInterval((IsoDayOfWeek)d, LocalTime.Midnight, LocalTime.FromMinutesSinceMidnight(morning * 5)),
            })
            .ToArray();

    private static Gen<DatedInterval> Dated(LocalDate around) =>
        from days in Gen.Choose(-3, 10)
        from start in MinuteOfDay
        from end in EndAfter(start)
        select new DatedInterval(around.PlusDays(days), LocalTime.FromMinutesSinceMidnight(start), end);

    private static Gen<LocalPeriod> Period(LocalDate around) =>
        from days in Gen.Choose(-3, 10)
        from start in MinuteOfDay
        from minutes in Gen.Choose(30, 3 * 24 * 60)
        let first = around.PlusDays(days).AtMidnight().PlusMinutes(start)
        select new LocalPeriod(first, first.PlusMinutes(minutes));

    /// <summary>Busy intervals from the day before "now" to eight days after, relative to the start of now's day.</summary>
    private static Gen<(int StartMinute, int Minutes)> Busy =>
        from start in Gen.Choose(-24 * 12, 8 * 24 * 12)
        from minutes in Gen.Choose(1, 36)
        select (start * 5, minutes * 5);
}
