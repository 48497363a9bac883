using System.Globalization;
using CareSlot.Web.Platform.Time;
using NodaTime;

namespace CareSlot.Web.Tests.Platform.Time;

/// <summary>A clinic's times in the reader's language, the zone's abbreviation as they know it, across a DST change.</summary>
public sealed class ClinicTimeTests
{
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    private static T In<T>(string culture, Func<T> format)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return format();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static ZonedDateTime At(int year, int month, int day, int hour) =>
        new LocalDateTime(year, month, day, hour, 0).InZoneStrictly(Berlin);

    [Theory]
    [InlineData("en", "Monday 7 December 2026, 09:00–09:30 CET", "Mon 7 Dec, 09:00 CET")]
    [InlineData("en-US", "Monday 7 December 2026, 09:00–09:30 CET", "Mon 7 Dec, 09:00 CET")]
    [InlineData("de", "Montag, 7. Dezember 2026, 09:00–09:30 MEZ", "Mo., 7. Dez., 09:00 MEZ")]
    [InlineData("de-AT", "Montag, 7. Dezember 2026, 09:00–09:30 MEZ", "Mo., 7. Dez., 09:00 MEZ")]
    public void Winter_InTheReadersLanguage(string culture, string span, string shortMoment)
    {
        var start = At(2026, 12, 7, 9);

        Assert.Equal(span, In(culture, () => ClinicTime.Span(start, start.PlusMinutes(30))));
        Assert.Equal(shortMoment, In(culture, () => ClinicTime.ShortDayAndClock(start)));
    }

    /// <summary>Summer time in German is MESZ; a visit on the last Sunday of March after 03:00 is already in it.</summary>
    [Theory]
    [InlineData("en", "Sun 28 Mar, 01:00 CET", "Sun 28 Mar, 03:00 CEST")]
    [InlineData("de", "So., 28. März, 01:00 MEZ", "So., 28. März, 03:00 MESZ")]
    public void AcrossTheSpringChange_TheAbbreviationFollowsTheOffset(string culture, string before, string after)
    {
        Assert.Equal(before, In(culture, () => ClinicTime.ShortDayAndClock(At(2027, 3, 28, 1))));
        Assert.Equal(after, In(culture, () => ClinicTime.ShortDayAndClock(At(2027, 3, 28, 3))));
    }

    [Fact]
    public void ZonesWithoutAGermanName_KeepTheirOwn()
    {
        var london = new LocalDateTime(2026, 7, 1, 9, 0).InZoneStrictly(DateTimeZoneProviders.Tzdb["Europe/London"]);
        var newYork = new LocalDateTime(2026, 12, 1, 9, 0).InZoneStrictly(DateTimeZoneProviders.Tzdb["America/New_York"]);

        Assert.Equal("Mi., 1. Juli, 09:00 BST", In("de", () => ClinicTime.ShortDayAndClock(london)));
        Assert.Equal("Di., 1. Dez., 09:00 EST", In("de", () => ClinicTime.ShortDayAndClock(newYork)));
    }

    [Theory]
    [InlineData("de", IsoDayOfWeek.Monday)]
    [InlineData("en", IsoDayOfWeek.Monday)]
    public void WeekStarts(string culture, IsoDayOfWeek first) => Assert.Equal(first, In(culture, () => ClinicTime.FirstDayOfWeek));
}
