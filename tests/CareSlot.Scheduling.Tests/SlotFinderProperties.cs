using FsCheck.Xunit;
using NodaTime;

namespace CareSlot.Scheduling.Tests;

/// <summary>Rules every answer of the slot finder keeps, checked on random schedules around clock changes.</summary>
[Properties(Arbitrary = [typeof(SchedulingArbitraries)])]
public sealed class SlotFinderProperties
{
    private static readonly Duration Minute = Duration.FromMinutes(1);

    [Property]
    public void NoSlotWithItsBuffer_OverlapsABusyInterval(Scenario scenario)
    {
        var request = scenario.Request;
        foreach (var slot in SlotFinder.FindSlots(request))
        {
            var bufferEnd = slot.End + request.Type.BufferAfter;
            Assert.DoesNotContain(request.Busy, b => slot.Start < b.End && b.Start < bufferEnd);
        }
    }

    [Property]
    public void EverySlot_LiesInsideOneOpenInterval(Scenario scenario)
    {
        var open = scenario.WideOpenIntervals();
        foreach (var slot in SlotFinder.FindSlots(scenario.Request))
        {
            Assert.Equal(scenario.Request.Type.Length, slot.End - slot.Start);
            Assert.Contains(open, o => o.Start <= slot.Start && slot.End <= o.End);
        }
    }

    [Property]
    public void EverySlot_RespectsNoticeHorizonAndRange_InAscendingOrder(Scenario scenario)
    {
        var request = scenario.Request;
        var lastDate = request.Now.InZone(scenario.Zone).Date.PlusDays(request.Window.HorizonDays);
        var slots = SlotFinder.FindSlots(request);
        foreach (var slot in slots)
        {
            Assert.True(slot.Start >= request.Now + request.Window.MinimumNotice);
            Assert.True(slot.Start.InZone(scenario.Zone).Date <= lastDate);
            Assert.True(request.From <= slot.Start && slot.Start < request.To);
        }

        for (var i = 1; i < slots.Count; i++)
        {
            Assert.True(slots[i - 1].Start < slots[i].Start);
        }
    }

    [Property]
    public void IsFree_AgreesWithFindSlots(Scenario scenario)
    {
        var request = scenario.Request;
        var slots = SlotFinder.FindSlots(request);
        var starts = slots.Select(s => s.Start).ToHashSet();
        foreach (var start in starts)
        {
            Assert.True(SlotFinder.IsFree(request, start), $"{start} is a slot");

            // Asked about one instant alone, as a booking form does, the answer must not change.
            Assert.True(SlotFinder.IsFree(request with { From = start, To = start + Duration.Epsilon }, start), $"{start} alone is a slot");
            Assert.Equal(starts.Contains(start - Minute), SlotFinder.IsFree(request, start - Minute));
            Assert.Equal(starts.Contains(start + Minute), SlotFinder.IsFree(request, start + Minute));
        }

        // Open interval starts and busy ends anchor the grid, so they are where a disagreement would show.
        foreach (var instant in scenario.WideOpenIntervals().Select(o => o.Start).Concat(request.Busy.Select(b => b.End)))
        {
            Assert.Equal(starts.Contains(instant), SlotFinder.IsFree(request, instant));
        }
    }

    [Property]
    public void OpenIntervalStartAndBusyEndInside_AreOfferedExactlyWhenTheyQualify(Scenario scenario)
    {
        var request = scenario.Request;
        var open = scenario.WideOpenIntervals();
        var starts = SlotFinder.FindSlots(request).Select(s => s.Start).ToHashSet();
        var anchors = new List<(Instant Start, Interval Open)>();
        anchors.AddRange(open.Select(o => (o.Start, o)));
        anchors.AddRange(request.Busy.SelectMany(b => open.Where(o => o.Start < b.End && b.End < o.End).Select(o => (b.End, o))));
        foreach (var (start, interval) in anchors)
        {
            if (start < request.From || start >= request.To)
            {
                continue;
            }

            var end = start + request.Type.Length;
            var qualifies = end <= interval.End
                && start >= request.Now + request.Window.MinimumNotice
                && start.InZone(scenario.Zone).Date <= request.Now.InZone(scenario.Zone).Date.PlusDays(request.Window.HorizonDays)
                && !request.Busy.Any(b => start < b.End && b.Start < end + request.Type.BufferAfter);
            Assert.Equal(qualifies, starts.Contains(start));
        }
    }

    [Property]
    public void NarrowerRange_GivesTheSameSlotsInsideIt(Scenario scenario)
    {
        var request = scenario.Request;
        var wider = request with { From = request.From - Duration.FromDays(2), To = request.To + Duration.FromDays(2) };

        var expected = SlotFinder.FindSlots(wider).Where(s => request.From <= s.Start && s.Start < request.To);

        Assert.Equal(expected, SlotFinder.FindSlots(request));
    }

    [Property]
    public void OpenIntervals_AreOrderedMergedAndNonEmpty(Scenario scenario)
    {
        var open = scenario.WideOpenIntervals();
        for (var i = 0; i < open.Count; i++)
        {
            Assert.True(open[i].Start < open[i].End);
            Assert.True(i == 0 || open[i - 1].End < open[i].Start);
        }
    }
}
