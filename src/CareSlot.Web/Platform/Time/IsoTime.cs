using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Platform.Time;

/// <summary>The API's one time format: ISO-8601 with the offset, e.g. 2026-11-25T09:00:00+01:00.</summary>
public static class IsoTime
{
    // ExtendedIso would write "+01" for whole-hour offsets; clients expect the full "+01:00".
    private static readonly OffsetDateTimePattern Pattern =
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFFFo<Z+HH:mm>");

    private static readonly OffsetDateTimePattern Lenient = OffsetDateTimePattern.ExtendedIso;

    public static string Format(Instant instant, DateTimeZone zone) => Pattern.Format(instant.InZone(zone).ToOffsetDateTime());

    /// <summary>Parses a time that must carry its offset; local times without one are refused rather than guessed.</summary>
    public static bool TryParse(string? text, out Instant instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var result = Lenient.Parse(text.Trim());
        if (!result.Success) return false;
        instant = result.Value.ToInstant();
        return true;
    }

    public const string Expected = "an ISO-8601 time with offset, e.g. 2026-11-25T09:00:00+01:00";
}
