using CareSlot.Web.Platform.Time;
using NodaTime;
using NodaTime.TimeZones;

namespace CareSlot.Web.Features.DoctorTime;

/// <summary>
/// Writes the same text as <see cref="IsoTime.Format"/> for many instants in one zone, which is what a slot list is:
/// the zone interval is looked up once per offset change instead of per instant, and the text is written directly
/// instead of through a pattern. Anything unusual (fractions of a second, offsets with seconds, years outside
/// 0001–9999) goes through <see cref="IsoTime.Format"/> itself.
/// </summary>
public sealed class SlotTimeFormatter(DateTimeZone zone)
{
    private ZoneInterval? current;

    public DateTimeZone Zone => zone;

    public ZoneInterval IntervalAt(Instant instant)
    {
        if (current is null || !current.Contains(instant)) current = zone.GetZoneInterval(instant);
        return current;
    }

    public string Format(Instant instant)
    {
        var offset = IntervalAt(instant).WallOffset;
        var local = instant.WithOffset(offset);
        var offsetSeconds = offset.Seconds;
        if (offsetSeconds % 60 != 0 || local.NanosecondOfSecond != 0 || local.Year is < 1 or > 9999) return IsoTime.Format(instant, zone);

        var length = offsetSeconds == 0 ? 20 : 25;
        return string.Create(length, (local, offsetSeconds), static (span, state) =>
        {
            var (t, seconds) = state;
            Four(span, 0, t.Year);
            span[4] = '-';
            Two(span, 5, t.Month);
            span[7] = '-';
            Two(span, 8, t.Day);
            span[10] = 'T';
            Two(span, 11, t.Hour);
            span[13] = ':';
            Two(span, 14, t.Minute);
            span[16] = ':';
            Two(span, 17, t.Second);
            if (seconds == 0)
            {
                span[19] = 'Z';
                return;
            }
            span[19] = seconds < 0 ? '-' : '+';
            var minutes = Math.Abs(seconds) / 60;
            Two(span, 20, minutes / 60);
            span[22] = ':';
            Two(span, 23, minutes % 60);
        });
    }

    private static void Two(Span<char> span, int at, int value)
    {
        span[at] = (char)('0' + (value / 10));
        span[at + 1] = (char)('0' + (value % 10));
    }

    private static void Four(Span<char> span, int at, int value)
    {
        Two(span, at, value / 100);
        Two(span, at + 2, value % 100);
    }
}
