namespace CareSlot.BrowserTests;

public sealed class JourneyClockTests
{
    [Theory]
    [InlineData("2026-12-06T07:00:00Z", "2026-12-09T09:00:00Z")] // a Sunday morning, where CI once failed
    [InlineData("2026-12-09T08:59:00Z", "2026-12-09T09:00:00Z")]
    [InlineData("2026-12-09T09:00:00Z", "2026-12-16T09:00:00Z")]
    [InlineData("2026-12-31T23:30:00Z", "2027-01-06T09:00:00Z")]
    public void Start_IsTheComingWednesdayAtNineUtc_LessThanAWeekAhead(string wallClock, string expected)
    {
        var now = DateTimeOffset.Parse(wallClock, System.Globalization.CultureInfo.InvariantCulture);
        var clock = new JourneyClock(now);

        var ahead = clock.GetUtcNow() - TimeProvider.System.GetUtcNow();

        var wanted = DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture) - now;
        Assert.InRange(ahead, wanted - TimeSpan.FromSeconds(5), wanted + TimeSpan.FromSeconds(5));
        Assert.InRange(ahead, TimeSpan.Zero, TimeSpan.FromDays(7));
    }
}
