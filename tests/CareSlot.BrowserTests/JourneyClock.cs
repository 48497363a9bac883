namespace CareSlot.BrowserTests;

/// <summary>
/// The browser apps' clock: the wall clock moved forward to the coming Wednesday, 09:00 UTC, and running from there. The
/// journeys meet slot weeks, the 24-hour limit on moving and cancelling, and a clinic's today; on the wall clock they
/// would meet a Sunday or a clinic's midnight now and then (a CI run on a Sunday morning found next week's first slot under
/// 24 hours away). Forward by less than a week, so cookies the app dates stay valid in Chromium, which keeps the wall
/// clock; Identity checks authenticator codes on the wall clock, where Otp.NET makes them.
/// </summary>
public sealed class JourneyClock : TimeProvider
{
    public static JourneyClock Instance { get; } = new(System.GetUtcNow());

    private readonly TimeSpan _ahead;

    public JourneyClock(DateTimeOffset wallClock)
    {
        var daysToWednesday = ((int)DayOfWeek.Wednesday - (int)wallClock.UtcDateTime.DayOfWeek + 7) % 7;
        var start = new DateTimeOffset(wallClock.UtcDateTime.Date.AddDays(daysToWednesday).AddHours(9), TimeSpan.Zero);
        if (start <= wallClock) start = start.AddDays(7);
        _ahead = start - wallClock;
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _ahead;
}
