using CareSlot.Web.Platform.Time;
using NodaTime;

namespace CareSlot.Web.Features.Reviews;

/// <summary>How review pages write dates and stars.</summary>
public static class ReviewDisplay
{
    /// <summary>The day of an ISO instant in the clinic's zone ("Tue, 24 Nov 2026"); the ISO text itself if it cannot be read.</summary>
    public static string Day(string iso, string zoneId) =>
        IsoTime.TryParse(iso, out var instant) && DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is { } zone ? ClinicTime.Day(instant.InZone(zone).Date) : iso;

    /// <summary>A moment in the clinic's zone with its abbreviation, as other pages write a visit's start.</summary>
    public static string Moment(string iso, string zoneId) =>
        IsoTime.TryParse(iso, out var instant) && DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is { } zone ? ClinicTime.ShortDayAndClock(instant.InZone(zone)) : iso;

    /// <summary>Filled and empty stars, for the eye only (the page says "n of 5 stars" in words beside them).</summary>
    public static string Stars(int rating) => new string('★', rating) + new string('☆', Review.MaxRating - rating);
}
