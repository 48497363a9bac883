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

    /// <summary>
    /// The years any time a client sends may fall in. Nothing here is planned centuries ahead, and arithmetic near
    /// NodaTime's own limits (year 9999) overflows, so a time outside them is refused like any malformed one.
    /// </summary>
    public const int MinYear = 1900, MaxYear = 2200;

    /// <summary>Parses a time that must carry its offset; local times without one are refused rather than guessed.</summary>
    public static bool TryParse(string? text, out Instant instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var result = Lenient.Parse(text.Trim());
        if (!result.Success || !IsPlausible(result.Value.Date)) return false;
        instant = result.Value.ToInstant();
        return true;
    }

    public static bool IsPlausible(LocalDate date) => date.Year is >= MinYear and <= MaxYear;

    /// <summary>Parses a calendar date ("2026-11-25"), as date inputs and the week parameter send it.</summary>
    public static bool TryParseDate(string? text, out LocalDate date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var result = LocalDatePattern.Iso.Parse(text.Trim());
        if (!result.Success || !IsPlausible(result.Value)) return false;
        date = result.Value;
        return true;
    }

    public const string Expected = "an ISO-8601 time with offset between the years 1900 and 2200, e.g. 2026-11-25T09:00:00+01:00";
}
