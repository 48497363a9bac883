using NodaTime;

namespace CareSlot.Scheduling;

/// <summary>Busy intervals sorted once, so each overlap test is a binary search rather than a scan.</summary>
internal sealed class BusyTimes
{
    private readonly Instant[] starts;

    // The latest end among the busy intervals up to each index: with starts sorted, that alone decides
    // whether any interval starting before a given instant reaches past another.
    private readonly Instant[] reach;

    private readonly Instant[] ends;

    public BusyTimes(IReadOnlyList<Interval> busy)
    {
        var spans = new List<(Instant Start, Instant End)>(busy.Count);
        var finiteEnds = new List<Instant>(busy.Count);
        foreach (var interval in busy)
        {
            var start = interval.HasStart ? interval.Start : Instant.MinValue;
            var end = interval.HasEnd ? interval.End : Instant.MaxValue;

            // An empty interval blocks nothing and ends no booking.
            if (start >= end)
            {
                continue;
            }

            spans.Add((start, end));
            if (interval.HasEnd)
            {
                finiteEnds.Add(end);
            }
        }

        spans.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        starts = new Instant[spans.Count];
        reach = new Instant[spans.Count];
        for (var i = 0; i < spans.Count; i++)
        {
            starts[i] = spans[i].Start;
            reach[i] = i == 0 || spans[i].End > reach[i - 1] ? spans[i].End : reach[i - 1];
        }

        finiteEnds.Sort();
        ends = [.. finiteEnds];
    }

    /// <summary>Whether [<paramref name="start"/>, <paramref name="end"/>) overlaps a busy interval; touching is not overlap.</summary>
    public bool Overlaps(Instant start, Instant end)
    {
        var before = FirstAtOrAfter(starts, end);
        return before > 0 && reach[before - 1] > start;
    }

    /// <summary>The busy ends strictly between <paramref name="after"/> and <paramref name="before"/>, ascending.</summary>
    public ReadOnlySpan<Instant> EndsBetween(Instant after, Instant before)
    {
        var from = FirstAfter(ends, after);
        var to = FirstAtOrAfter(ends, before);
        return from < to ? ends.AsSpan(from, to - from) : [];
    }

    private static int FirstAtOrAfter(Instant[] sorted, Instant value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (sorted[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static int FirstAfter(Instant[] sorted, Instant value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (sorted[middle] <= value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
