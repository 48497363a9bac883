using NodaTime;
using static CareSlot.Scheduling.Tests.Schedules;

namespace CareSlot.Scheduling.Tests;

/// <summary>Clinics keep their local hours across clock changes, and slots are always real minutes.</summary>
public sealed class DaylightSavingTests
{
    [Theory]
    [InlineData("America/New_York", 2026, 3, 8)]
    [InlineData("Europe/Berlin", 2026, 3, 29)]
    public void SpringForwardMorning_StartsAtNineLocalWithSummerOffset(string zoneId, int year, int month, int day)
    {
        var zone = Zone(zoneId);
        var date = new LocalDate(year, month, day);
        var availability = Availability(zone, [Weekly(date.DayOfWeek, "09:00", "12:00")]);

        var slots = SlotFinder.FindSlots(Request(availability, date, length: 60));

        Assert.Equal(["09:00", "10:00", "11:00"], Starts(slots, zone));
        var winter = zone.GetUtcOffset(At(zone, date.PlusDays(-1), "12:00"));
        Assert.All(slots, s => Assert.Equal(winter + Offset.FromHours(1), zone.GetUtcOffset(s.Start)));
    }

    [Theory]
    [InlineData("America/New_York", 2026, 3, 8)]
    [InlineData("Europe/Berlin", 2026, 3, 29)]
    public void SpringForwardShiftOverGap_GivesOnlyTheTwoRealHours(string zoneId, int year, int month, int day)
    {
        var zone = Zone(zoneId);
        var date = new LocalDate(year, month, day);
        var availability = Availability(zone, [Weekly(date.DayOfWeek, "01:00", "04:00")]);

        var slots = SlotFinder.FindSlots(Request(availability, date, length: 30));

        // Both zones skip 02:00–03:00 local that night.
        Assert.Equal(["01:00", "01:30", "03:00", "03:30"], Starts(slots, zone));
        Assert.Equal(Duration.FromHours(2), slots[^1].End - slots[0].Start);
        Assert.All(slots, s => Assert.Equal(Duration.FromMinutes(30), s.End - s.Start));
        var open = Assert.Single(SlotFinder.OpenIntervals(availability, date, date));
        Assert.Equal(Duration.FromHours(2), open.Duration);
    }

    [Theory]
    [InlineData("America/New_York", 2026, 11, 1)]
    [InlineData("Europe/Berlin", 2026, 10, 25)]
    public void FallBackMorning_IsUnaffected(string zoneId, int year, int month, int day)
    {
        var zone = Zone(zoneId);
        var date = new LocalDate(year, month, day);
        var availability = Availability(zone, [Weekly(date.DayOfWeek, "09:00", "12:00")]);

        var slots = SlotFinder.FindSlots(Request(availability, date, length: 60));

        Assert.Equal(["09:00", "10:00", "11:00"], Starts(slots, zone));
        var summer = zone.GetUtcOffset(At(zone, date.PlusDays(-1), "12:00"));
        Assert.All(slots, s => Assert.Equal(summer - Offset.FromHours(1), zone.GetUtcOffset(s.Start)));
    }

    [Theory]
    [InlineData("America/New_York", 2026, 11, 1, "01:00-04", "01:00-05", "01:30-04", "01:30-05")]
    [InlineData("Europe/Berlin", 2026, 10, 25, "02:00+02", "02:00+01", "02:30+02", "02:30+01")]
    public void FallBackShiftOverRepeatedHour_GivesFiveRealHours(
        string zoneId, int year, int month, int day, string firstPass, string secondPass, string firstHalf, string secondHalf)
    {
        var zone = Zone(zoneId);
        var date = new LocalDate(year, month, day);
        var availability = Availability(zone, [Weekly(date.DayOfWeek, "00:00", "04:00")]);

        var slots = SlotFinder.FindSlots(Request(availability, date, length: 30));

        Assert.Equal(10, slots.Count);
        Assert.Equal(Duration.FromHours(5), slots[^1].End - slots[0].Start);
        var shown = StartsWithOffset(slots, zone);
        Assert.Contains(firstPass, shown);
        Assert.Contains(secondPass, shown);
        Assert.Contains(firstHalf, shown);
        Assert.Contains(secondHalf, shown);
        var open = Assert.Single(SlotFinder.OpenIntervals(availability, date, date));
        Assert.Equal(Duration.FromHours(5), open.Duration);
    }

    [Fact]
    public void FallBackHoursEndingInRepeatedHour_RunToItsSecondPass()
    {
        var zone = Zone("America/New_York");
        var date = new LocalDate(2026, 11, 1);
        var availability = Availability(zone, [Weekly(date.DayOfWeek, "00:00", "01:30")]);

        var slots = SlotFinder.FindSlots(Request(availability, date, length: 30));

        Assert.Equal(["00:00-04", "00:30-04", "01:00-04", "01:30-04", "01:00-05"], StartsWithOffset(slots, zone));
    }

    [Fact]
    public void FallBackHoursStartingInRepeatedHour_StartAtItsFirstPass()
    {
        var zone = Zone("America/New_York");
        var date = new LocalDate(2026, 11, 1);
        var availability = Availability(zone, [Weekly(date.DayOfWeek, "01:30", "03:00")]);

        var slots = SlotFinder.FindSlots(Request(availability, date, length: 30));

        Assert.Equal(["01:30-04", "01:00-05", "01:30-05", "02:00-05", "02:30-05"], StartsWithOffset(slots, zone));
    }

    [Fact]
    public void FallBackBreakInRepeatedHour_CoversBothPasses()
    {
        var zone = Zone("America/New_York");
        var date = new LocalDate(2026, 11, 1);
        var availability = Availability(
            zone, [Weekly(date.DayOfWeek, "00:00", "03:00")], breaks: [Weekly(date.DayOfWeek, "01:00", "01:30")]);

        var slots = SlotFinder.FindSlots(Request(availability, date, length: 30));

        // The break runs from the first 01:00 to the second 01:30: 90 real minutes.
        Assert.Equal(["00:00-04", "00:30-04", "01:30-05", "02:00-05", "02:30-05"], StartsWithOffset(slots, zone));
    }

    [Fact]
    public void SpringForwardHoursStartingInTheGap_MoveForwardByTheGap()
    {
        var zone = Zone("Europe/Berlin");
        var date = new LocalDate(2026, 3, 29);
        var availability = Availability(zone, [Weekly(date.DayOfWeek, "02:30", "05:00")]);

        var slots = SlotFinder.FindSlots(Request(availability, date, length: 30));

        // 02:30 does not exist; like ZonedDateTime.AtLeniently it becomes 03:30, an hour later on the new clock.
        Assert.Equal(["03:30", "04:00", "04:30"], Starts(slots, zone));
    }

    [Fact]
    public void SpringForwardHoursEndingInTheGap_EndAsAtLenientlyDoes()
    {
        var zone = Zone("Europe/Berlin");
        var date = new LocalDate(2026, 3, 29);
        var availability = Availability(zone, [Weekly(date.DayOfWeek, "00:00", "02:30")]);

        var slots = SlotFinder.FindSlots(Request(availability, date, length: 30));

        Assert.Equal(["00:00", "00:30", "01:00", "01:30", "03:00"], Starts(slots, zone));
    }

    [Fact]
    public void SlotAcrossSpringForward_LastsItsRealLength()
    {
        var zone = Zone("Europe/Berlin");
        var date = new LocalDate(2026, 3, 29);
        var availability = Availability(zone, [Weekly(date.DayOfWeek, "01:00", "05:00")]);

        var slots = SlotFinder.FindSlots(Request(availability, date, length: 90));

        // 01:00 + 90 real minutes is 03:30 on the new clock; the grid steps in real time, not local time.
        Assert.Equal(["01:00", "03:30"], Starts(slots, zone));
    }
}
