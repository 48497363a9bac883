using NodaTime;
using static CareSlot.Scheduling.Tests.Schedules;

namespace CareSlot.Scheduling.Tests;

public sealed class SlotFinderTests
{
    private static readonly DateTimeZone London = Zone("Europe/London");

    // Mid-June: no clock change anywhere near, so these tests are about the rules alone.
    private static readonly LocalDate Monday = new(2026, 6, 15);
    private static readonly LocalDate Tuesday = Monday.PlusDays(1);

    private static Availability MondayHours(string start, string end) => Availability(London, [Weekly(IsoDayOfWeek.Monday, start, end)]);

    [Fact]
    public void Buffer_SpacesSlotsByLengthPlusBuffer()
    {
        var slots = SlotFinder.FindSlots(Request(MondayHours("09:00", "12:00"), Monday, length: 30, buffer: 10));

        Assert.Equal(["09:00", "09:40", "10:20", "11:00"], Starts(slots, London));
        Assert.All(slots, s => Assert.Equal(Duration.FromMinutes(30), s.End - s.Start));
    }

    [Fact]
    public void LastSlot_MayHaveItsBufferPastClosing()
    {
        var slots = SlotFinder.FindSlots(Request(MondayHours("09:00", "11:30"), Monday, length: 30, buffer: 10));

        Assert.Equal(["09:00", "09:40", "10:20", "11:00"], Starts(slots, London));
    }

    [Fact]
    public void BusyOverlappingOnlyTheBuffer_BlocksTheSlot()
    {
        // 09:40–10:10 itself is free, but its buffer up to 10:20 runs into the busy 10:15–10:20.
        var busy = Busy(London, Monday, "10:15", "10:20");

        var slots = SlotFinder.FindSlots(Request(MondayHours("09:00", "12:00"), Monday, length: 30, buffer: 10, busy: [busy]));

        Assert.Equal(["09:00", "10:20", "11:00"], Starts(slots, London));
    }

    [Fact]
    public void BusyTouchingTheSlot_DoesNotBlockIt()
    {
        var busy = new[] { Busy(London, Monday, "08:30", "09:00"), Busy(London, Monday, "09:40", "10:00") };

        var slots = SlotFinder.FindSlots(Request(MondayHours("09:00", "10:00"), Monday, length: 30, buffer: 10, busy: busy));

        Assert.Equal(["09:00"], Starts(slots, London));
    }

    [Fact]
    public void BookingEndingOffGrid_RestartsTheGridRightAfterIt()
    {
        var busy = Busy(London, Monday, "09:00", "09:25");

        var slots = SlotFinder.FindSlots(Request(MondayHours("09:00", "11:00"), Monday, length: 30, busy: [busy]));

        // The regular grid (09:30, 10:00, 10:30) stays; the restarted one adds 09:25, 09:55, 10:25.
        Assert.Equal(["09:25", "09:30", "09:55", "10:00", "10:25", "10:30"], Starts(slots, London));
    }

    [Fact]
    public void BookingOverlappingAGridSlot_LeavesTheNextSlotAtItsEnd()
    {
        var busy = Busy(London, Monday, "09:00", "09:40");

        var slots = SlotFinder.FindSlots(Request(MondayHours("09:00", "11:00"), Monday, length: 30, busy: [busy]));

        Assert.Equal(["09:40", "10:00", "10:10", "10:30"], Starts(slots, London));
    }

    [Fact]
    public void GapBetweenBookingsShorterThanLengthPlusBuffer_HasNoSlot()
    {
        // 30 minutes between the bookings fit the appointment but not its 10-minute buffer.
        var busy = new[] { Busy(London, Monday, "09:00", "09:50"), Busy(London, Monday, "10:20", "11:00") };

        var slots = SlotFinder.FindSlots(Request(MondayHours("09:00", "12:00"), Monday, length: 30, buffer: 10, busy: busy));

        Assert.Equal(["11:00", "11:10"], Starts(slots, London));
    }

    [Fact]
    public void GapBetweenBookingsOfExactlyLengthPlusBuffer_HasOneSlot()
    {
        var busy = new[] { Busy(London, Monday, "09:00", "09:50"), Busy(London, Monday, "10:30", "12:00") };

        var slots = SlotFinder.FindSlots(Request(MondayHours("09:00", "12:00"), Monday, length: 30, buffer: 10, busy: busy));

        Assert.Equal(["09:50"], Starts(slots, London));
    }

    [Fact]
    public void TimeOffAcrossMidnight_RemovesTheEveningAndTheNextMorning()
    {
        var availability = Availability(
            London,
            [Weekly(IsoDayOfWeek.Monday, "08:00", "22:00"), Weekly(IsoDayOfWeek.Tuesday, "08:00", "22:00")],
            timeOff: [new LocalPeriod(Monday + Time("20:00"), Tuesday + Time("10:00"))]);

        var slots = SlotFinder.FindSlots(Request(availability, Monday, Tuesday, length: 60));

        var monday = slots.Where(s => s.Start.InZone(London).Date == Monday).ToList();
        var tuesday = slots.Where(s => s.Start.InZone(London).Date == Tuesday).ToList();
        Assert.Equal(Enumerable.Range(8, 12).Select(h => $"{h:00}:00"), Starts(monday, London));
        Assert.Equal(Enumerable.Range(10, 12).Select(h => $"{h:00}:00"), Starts(tuesday, London));
    }

    [Fact]
    public void TimeOffFromTheDayBefore_StillCutsTheFirstDayAsked()
    {
        var availability = Availability(
            London, [Weekly(IsoDayOfWeek.Tuesday, "08:00", "22:00")], timeOff: [new LocalPeriod(Monday + Time("20:00"), Tuesday + Time("10:00"))]);

        var open = Assert.Single(SlotFinder.OpenIntervals(availability, Tuesday, Tuesday));

        Assert.Equal(new Interval(At(London, Tuesday, "10:00"), At(London, Tuesday, "22:00")), open);
    }

    [Fact]
    public void Break_SplitsTheDayAndTheGridRestartsAfterIt()
    {
        var availability = Availability(
            London, [Weekly(IsoDayOfWeek.Monday, "09:00", "13:00")], breaks: [Weekly(IsoDayOfWeek.Monday, "11:00", "11:30")]);

        var slots = SlotFinder.FindSlots(Request(availability, Monday, length: 45));

        Assert.Equal(["09:00", "09:45", "11:30", "12:15"], Starts(slots, London));
        Assert.Equal(2, SlotFinder.OpenIntervals(availability, Monday, Monday).Count);
    }

    [Fact]
    public void BreakAtOpening_LeavesNoEmptyInterval()
    {
        var availability = Availability(
            London, [Weekly(IsoDayOfWeek.Monday, "09:00", "12:00")], breaks: [Weekly(IsoDayOfWeek.Monday, "09:00", "09:30")]);

        var open = Assert.Single(SlotFinder.OpenIntervals(availability, Monday, Monday));

        Assert.Equal(new Interval(At(London, Monday, "09:30"), At(London, Monday, "12:00")), open);
    }

    [Fact]
    public void ExtraHours_AddSlotsOnlyOnTheirDate()
    {
        var saturday = new LocalDate(2026, 6, 20);
        var availability = Availability(London, [Weekly(IsoDayOfWeek.Monday, "09:00", "10:00")], extra: [Dated(saturday, "10:00", "12:00")]);

        var slots = SlotFinder.FindSlots(Request(availability, saturday, saturday.PlusDays(7), length: 60));

        Assert.Equal([At(London, saturday, "10:00"), At(London, saturday, "11:00"), At(London, saturday.PlusDays(2), "09:00")], slots.Select(s => s.Start));
    }

    [Fact]
    public void MidnightEnd_CoversTheLastHourOfTheDay()
    {
        var availability = MondayHours("22:00", "00:00");

        var slots = SlotFinder.FindSlots(Request(availability, Monday, Tuesday, length: 60));

        Assert.Equal(["22:00", "23:00"], Starts(slots, London));
        var open = Assert.Single(SlotFinder.OpenIntervals(availability, Monday, Monday));
        Assert.Equal(London.AtStartOfDay(Tuesday).ToInstant(), open.End);
    }

    [Fact]
    public void OvernightShift_GivesSlotsAcrossMidnightOnOneGrid()
    {
        var availability = Availability(London, [Weekly(IsoDayOfWeek.Monday, "22:00", "00:00"), Weekly(IsoDayOfWeek.Tuesday, "00:00", "02:00")]);

        var slots = SlotFinder.FindSlots(Request(availability, Monday, Tuesday, length: 90));

        Assert.Equal([At(London, Monday, "22:00"), At(London, Monday, "23:30")], slots.Select(s => s.Start));
        Assert.Single(SlotFinder.OpenIntervals(availability, Monday, Tuesday));
    }

    [Fact]
    public void OvernightShiftAskedFromMidnight_KeepsTheGridFromTheEveningBefore()
    {
        var availability = Availability(London, [Weekly(IsoDayOfWeek.Monday, "22:00", "00:00"), Weekly(IsoDayOfWeek.Tuesday, "00:00", "03:00")]);

        var slots = SlotFinder.FindSlots(Request(availability, Tuesday, length: 90));

        // 22:00, 23:30, 01:00: only the last one starts on Tuesday.
        Assert.Equal([At(London, Tuesday, "01:00")], slots.Select(s => s.Start));
    }

    [Fact]
    public void RoundTheClockHours_GiveTheSameSlotsWhateverTheRangeAsked()
    {
        var availability = Availability(London, EveryDay("00:00", "00:00"));
        var wideRequest = Request(availability, Monday, Monday.PlusDays(3), length: 35);
        var wide = SlotFinder.FindSlots(wideRequest);
        var narrow = SlotFinder.FindSlots(Request(availability, Tuesday, Monday.PlusDays(3), length: 35));

        // A day is 41 slots and 5 minutes, so a grid carried over from an earlier day would be off.
        var tuesdayOn = London.AtStartOfDay(Tuesday).ToInstant();
        Assert.Equal(wide.Where(s => s.Start >= tuesdayOn), narrow);
        Assert.Equal(tuesdayOn, narrow[0].Start);
        Assert.All(wide, s => Assert.True(SlotFinder.IsFree(wideRequest, s.Start)));
    }

    [Fact]
    public void OverlappingAndTouchingHours_AreMergedIntoOneOpenInterval()
    {
        var availability = Availability(
            London,
            [Weekly(IsoDayOfWeek.Monday, "09:00", "12:00"), Weekly(IsoDayOfWeek.Monday, "12:00", "13:00")],
            extra: [Dated(Monday, "12:30", "15:00")]);

        var open = Assert.Single(SlotFinder.OpenIntervals(availability, Monday, Monday));

        Assert.Equal(new Interval(At(London, Monday, "09:00"), At(London, Monday, "15:00")), open);
    }

    [Fact]
    public void SlotStartingExactlyAtMinimumNotice_IsOffered()
    {
        var window = new BookingWindow(Duration.FromHours(2), 30);

        var slots = SlotFinder.FindSlots(Request(MondayHours("08:00", "10:00"), Monday, window: window, now: At(London, Monday, "06:00")));

        Assert.Equal(["08:00", "08:30", "09:00", "09:30"], Starts(slots, London));
    }

    [Fact]
    public void SlotOneMinuteInsideMinimumNotice_IsNotOffered()
    {
        var window = new BookingWindow(Duration.FromHours(2), 30);

        var slots = SlotFinder.FindSlots(Request(MondayHours("08:00", "10:00"), Monday, window: window, now: At(London, Monday, "06:01")));

        Assert.Equal(["08:30", "09:00", "09:30"], Starts(slots, London));
    }

    [Fact]
    public void Horizon_OffersItsLastDateButNotTheNext()
    {
        var availability = Availability(London, EveryDay("09:00", "10:00"));
        var window = new BookingWindow(Duration.Zero, 2);

        var slots = SlotFinder.FindSlots(Request(availability, Monday, Monday.PlusDays(5), length: 60, window: window, now: At(London, Monday, "08:00")));

        Assert.Equal([Monday, Tuesday, Monday.PlusDays(2)], slots.Select(s => s.Start.InZone(London).Date));
    }

    [Fact]
    public void FromAndTo_IncludeTheStartAndExcludeTheEnd()
    {
        var request = Request(MondayHours("09:00", "12:00"), Monday) with
        {
            From = At(London, Monday, "09:30"),
            To = At(London, Monday, "11:00"),
        };

        Assert.Equal(["09:30", "10:00", "10:30"], Starts(SlotFinder.FindSlots(request), London));
    }

    [Fact]
    public void FromAfterTo_GivesNoSlots()
    {
        var request = Request(MondayHours("09:00", "12:00"), Monday) with { From = At(London, Monday, "11:00"), To = At(London, Monday, "10:00") };

        Assert.Empty(SlotFinder.FindSlots(request));
    }

    [Fact]
    public void EmptyAvailability_GivesNoSlots()
    {
        var availability = Availability(London);

        Assert.Empty(SlotFinder.FindSlots(Request(availability, Monday, Monday.PlusDays(13))));
        Assert.Empty(SlotFinder.OpenIntervals(availability, Monday, Monday.PlusDays(13)));
    }

    [Fact]
    public void InvalidIntervals_AreIgnored()
    {
        var availability = Availability(
            London,
            [Weekly(IsoDayOfWeek.Monday, "12:00", "09:00"), Weekly(IsoDayOfWeek.Monday, "10:00", "10:00"), Weekly(IsoDayOfWeek.Monday, "13:00", "14:00")],
            breaks: [Weekly(IsoDayOfWeek.Monday, "14:00", "13:00")],
            extra: [Dated(Monday, "18:00", "17:00")],
            timeOff: [new LocalPeriod(Monday + Time("14:00"), Monday + Time("13:00"))]);

        var slots = SlotFinder.FindSlots(Request(availability, Monday));

        Assert.Equal(["13:00", "13:30"], Starts(slots, London));
    }

    [Fact]
    public void IsFree_AnswersLikeFindSlots()
    {
        var busy = Busy(London, Monday, "09:00", "09:25");
        var request = Request(MondayHours("09:00", "11:00"), Monday, length: 30, busy: [busy]);

        Assert.True(SlotFinder.IsFree(request, At(London, Monday, "09:25")));
        Assert.True(SlotFinder.IsFree(request, At(London, Monday, "10:30")));
        Assert.False(SlotFinder.IsFree(request, At(London, Monday, "09:00")));
        Assert.False(SlotFinder.IsFree(request, At(London, Monday, "09:26")));
        Assert.False(SlotFinder.IsFree(request, At(London, Monday, "10:55")));
        Assert.False(SlotFinder.IsFree(request, At(London, Tuesday, "09:30")));
    }

    [Fact]
    public void NonPositiveLength_IsRejected()
    {
        var request = Request(MondayHours("09:00", "11:00"), Monday, length: 0);

        Assert.Throws<ArgumentOutOfRangeException>(() => SlotFinder.FindSlots(request));
    }
}
