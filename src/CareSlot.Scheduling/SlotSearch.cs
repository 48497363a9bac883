using NodaTime;

namespace CareSlot.Scheduling;

/// <summary>
/// One slot request, prepared once. The grid starts at the start of every open interval and restarts at every
/// busy end inside one, so bookings can be back to back. An open interval that began before yesterday (a
/// 24-hour schedule, say) is gridded from today's midnight instead: its true start may lie before any range
/// asked for, and the slots must not depend on that range, nor on whether one day is checked on its own.
/// </summary>
internal sealed class SlotSearch
{
    // A horizon beyond a century is as good as none, and clamping keeps date arithmetic inside the calendar.
    private const int MaxHorizonDays = 36_525;

    private readonly SlotRequest request;
    private readonly DateTimeZone zone;
    private readonly Duration length;

    // The appointment and its buffer: both the grid spacing and the time that must be free of busy intervals.
    private readonly Duration step;
    private readonly long stepNanoseconds;
    private readonly BusyTimes busy;

    // The first start allowed by both From and the minimum notice.
    private readonly Instant earliest;
    private readonly LocalDate lastDate;

    // Every instant before this one falls on lastDate or earlier, which spares most slots a zone lookup.
    private readonly Instant surelyWithinHorizon;

    // Local dates to look past a day so a slot starting on it sees the whole open interval it runs into.
    private readonly int daysAhead;

    public SlotSearch(SlotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Availability);
        ArgumentNullException.ThrowIfNull(request.Type);
        ArgumentNullException.ThrowIfNull(request.Window);
        ArgumentNullException.ThrowIfNull(request.Busy);
        if (request.Type.Length <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Type.Length, "An appointment length must be positive.");
        }

        if (request.Type.BufferAfter < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Type.BufferAfter, "A buffer cannot be negative.");
        }

        this.request = request;
        zone = request.Availability.Zone;
        length = request.Type.Length;
        step = length + request.Type.BufferAfter;
        stepNanoseconds = step.ToInt64Nanoseconds();
        busy = new BusyTimes(request.Busy);

        var notice = request.Now + request.Window.MinimumNotice;
        earliest = notice > request.From ? notice : request.From;
        var horizon = Math.Clamp(request.Window.HorizonDays, -MaxHorizonDays, MaxHorizonDays);
        lastDate = request.Now.InZone(zone).Date.PlusDays(horizon);
        surelyWithinHorizon = LocalMapping.DayStart(zone, lastDate.PlusDays(1));
        daysAhead = (int)Math.Ceiling(length.TotalDays) + 2;
    }

    public List<Slot> FindAll()
    {
        var slots = new List<Slot>();

        // Past the horizon nothing qualifies; a day of slack covers a local date that steps back at a transition.
        var horizonEnd = LocalMapping.DayStart(zone, lastDate.PlusDays(2));
        var end = request.To < horizonEnd ? request.To : horizonEnd;
        if (earliest >= end)
        {
            return slots;
        }

        var firstDay = LocalMapping.DayOf(zone, earliest);
        var lastDay = LocalMapping.DayOf(zone, end - Duration.Epsilon);
        var open = OpenHours.Compute(request.Availability, firstDay.PlusDays(-2), lastDay.PlusDays(daysAhead));
        var candidates = new List<Instant>();
        var next = 0;
        var previousDayStart = LocalMapping.DayStart(zone, firstDay.PlusDays(-1));
        var dayStart = LocalMapping.DayStart(zone, firstDay);
        for (var day = firstDay; day <= lastDay; day = day.PlusDays(1))
        {
            var dayEnd = LocalMapping.DayStart(zone, day.PlusDays(1));
            while (next < open.Count && open[next].End <= dayStart)
            {
                next++;
            }

            for (var i = next; i < open.Count && open[i].Start < dayEnd; i++)
            {
                var segmentStart = Max(open[i].Start, dayStart);
                var segmentEnd = Min(open[i].End, dayEnd);
                if (segmentEnd <= earliest || segmentStart >= end)
                {
                    continue;
                }

                candidates.Clear();
                var anchor = Anchor(open[i], previousDayStart, dayStart);
                var lower = Max(segmentStart, earliest);
                var limit = Min(segmentEnd, end);
                AddGrid(candidates, anchor, lower, limit);
                foreach (var busyEnd in busy.EndsBetween(anchor, segmentEnd))
                {
                    AddGrid(candidates, busyEnd, lower, limit);
                }

                candidates.Sort();
                for (var c = 0; c < candidates.Count; c++)
                {
                    if ((c == 0 || candidates[c] != candidates[c - 1]) && Qualifies(candidates[c], open[i]))
                    {
                        slots.Add(new Slot(candidates[c], candidates[c] + length));
                    }
                }
            }

            previousDayStart = dayStart;
            dayStart = dayEnd;
        }

        return slots;
    }

    /// <summary>The same answer as looking for <paramref name="start"/> in <see cref="FindAll"/>, from its own day alone.</summary>
    public bool IsSlot(Instant start)
    {
        if (start < earliest || start >= request.To || start.InZone(zone).Date > lastDate)
        {
            return false;
        }

        var day = LocalMapping.DayOf(zone, start);
        var open = OpenHours.Compute(request.Availability, day.PlusDays(-2), day.PlusDays(daysAhead));
        foreach (var interval in open)
        {
            if (interval.Start <= start && start < interval.End)
            {
                var anchor = Anchor(interval, LocalMapping.DayStart(zone, day.PlusDays(-1)), LocalMapping.DayStart(zone, day));
                var segmentEnd = Min(interval.End, LocalMapping.DayStart(zone, day.PlusDays(1)));
                return IsOnGrid(start, anchor, segmentEnd) && Qualifies(start, interval);
            }
        }

        return false;
    }

    private static Instant Anchor(Interval open, Instant previousDayStart, Instant dayStart) =>
        open.Start >= previousDayStart ? open.Start : dayStart;

    private bool IsOnGrid(Instant start, Instant anchor, Instant segmentEnd)
    {
        if (IsStepsAfter(start, anchor))
        {
            return true;
        }

        foreach (var busyEnd in busy.EndsBetween(anchor, segmentEnd))
        {
            if (busyEnd <= start && IsStepsAfter(start, busyEnd))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsStepsAfter(Instant start, Instant anchor) =>
        start >= anchor && (start - anchor).ToInt64Nanoseconds() % stepNanoseconds == 0;

    private bool Qualifies(Instant start, Interval open) =>
        start >= earliest
        && start < request.To
        && start + length <= open.End
        && !busy.Overlaps(start, start + step)
        && (start < surelyWithinHorizon || start.InZone(zone).Date <= lastDate);

    /// <summary>Adds the grid points anchor + k·step in [<paramref name="lower"/>, <paramref name="limit"/>).</summary>
    private void AddGrid(List<Instant> candidates, Instant anchor, Instant lower, Instant limit)
    {
        var first = anchor;
        if (first < lower)
        {
            var steps = ((lower - anchor).ToInt64Nanoseconds() + stepNanoseconds - 1) / stepNanoseconds;
            first = anchor + Duration.FromNanoseconds(steps * stepNanoseconds);
        }

        for (var start = first; start < limit; start += step)
        {
            candidates.Add(start);
        }
    }

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;
}
