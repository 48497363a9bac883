using NodaTime;

namespace CareSlot.Scheduling;

/// <summary>Working and extra hours minus breaks and time off, as instants.</summary>
internal static class OpenHours
{
    public static List<Interval> Compute(Availability availability, LocalDate from, LocalDate to)
    {
        var result = new List<Interval>();
        if (from > to)
        {
            return result;
        }

        var zone = availability.Zone;
        var open = new List<Interval>();
        var closed = new List<Interval>();
        for (var date = from; date <= to; date = date.PlusDays(1))
        {
            foreach (var hours in availability.WorkingHours)
            {
                if (hours.Day == date.DayOfWeek)
                {
                    Add(open, LocalMapping.OnDate(zone, date, hours.Start, hours.End));
                }
            }

            foreach (var extra in availability.ExtraHours)
            {
                if (extra.Date == date)
                {
                    Add(open, LocalMapping.OnDate(zone, date, extra.Start, extra.End));
                }
            }

            foreach (var pause in availability.Breaks)
            {
                if (pause.Day == date.DayOfWeek)
                {
                    Add(closed, LocalMapping.OnDate(zone, date, pause.Start, pause.End));
                }
            }
        }

        // Converting only the time off that can reach these dates keeps a long history of absences cheap;
        // a day of slack on each side covers what a transition at midnight can shift.
        var earliest = from.PlusDays(-1).AtMidnight();
        var latest = to.PlusDays(2).AtMidnight();
        foreach (var off in availability.TimeOff)
        {
            if (off.End > earliest && off.Start < latest)
            {
                Add(closed, LocalMapping.Between(zone, off.Start, off.End));
            }
        }

        Subtract(Merge(open), Merge(closed), result);
        return result;
    }

    private static void Add(List<Interval> intervals, Interval? interval)
    {
        if (interval is { } value)
        {
            intervals.Add(value);
        }
    }

    /// <summary>Sorts and joins overlapping or touching intervals.</summary>
    private static List<Interval> Merge(List<Interval> intervals)
    {
        intervals.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<Interval>(intervals.Count);
        foreach (var interval in intervals)
        {
            if (merged.Count > 0 && interval.Start <= merged[^1].End)
            {
                var last = merged[^1];
                if (interval.End > last.End)
                {
                    merged[^1] = new Interval(last.Start, interval.End);
                }
            }
            else
            {
                merged.Add(interval);
            }
        }

        return merged;
    }

    /// <summary>Both inputs merged; the pieces left are merged too, as each pair is split by a closed stretch.</summary>
    private static void Subtract(List<Interval> open, List<Interval> closed, List<Interval> result)
    {
        var first = 0;
        foreach (var interval in open)
        {
            while (first < closed.Count && closed[first].End <= interval.Start)
            {
                first++;
            }

            var cursor = interval.Start;
            for (var i = first; i < closed.Count && closed[i].Start < interval.End && cursor < interval.End; i++)
            {
                if (closed[i].Start > cursor)
                {
                    result.Add(new Interval(cursor, closed[i].Start));
                }

                if (closed[i].End > cursor)
                {
                    cursor = closed[i].End;
                }
            }

            if (cursor < interval.End)
            {
                result.Add(new Interval(cursor, interval.End));
            }
        }
    }
}
