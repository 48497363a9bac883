using NodaTime;

namespace CareSlot.Scheduling;

/// <summary>Turns a doctor's local availability into free, bookable slots (instants).</summary>
public static class SlotFinder
{
    /// <summary>The free slots starting in [From, To), ordered by start.</summary>
    public static IReadOnlyList<Slot> FindSlots(SlotRequest request) => new SlotSearch(request).FindAll();

    /// <summary>Whether a slot starting at <paramref name="start"/> is one <see cref="FindSlots"/> would return.</summary>
    public static bool IsFree(SlotRequest request, Instant start) => new SlotSearch(request).IsSlot(start);

    /// <summary>
    /// The open intervals on the local dates <paramref name="from"/> through <paramref name="to"/> (inclusive):
    /// working and extra hours minus breaks and time off, as ordered, merged, non-overlapping instants.
    /// </summary>
    public static IReadOnlyList<Interval> OpenIntervals(Availability availability, LocalDate from, LocalDate to)
    {
        ArgumentNullException.ThrowIfNull(availability);
        return OpenHours.Compute(availability, from, to);
    }
}
