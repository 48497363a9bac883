using System.Globalization;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Platform.Time;
using Microsoft.Extensions.Localization;
using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Features.Doctors;

/// <summary>
/// The directory's query string exactly as it arrives. Everything is text so that a
/// non-numeric page answers with a message naming the parameter instead of a bare 400.
/// </summary>
public sealed record DoctorSearchInput(string? Specialty, string? City, string? Q, string? Page, string? PageSize,
    string? Sort = null, string? Visit = null, string? Lat = null, string? Lon = null, string? From = null, string? To = null);

public enum DoctorSort
{
    Name,

    /// <summary>
    /// Soonest next free slot first; doctors with nothing free in the look-ahead last. With dates, the
    /// first free slot within them decides.
    /// </summary>
    Availability,

    /// <summary>Nearest clinic to the given coordinates first.</summary>
    Distance,
}

public enum VisitFilter
{
    Any,
    InPerson,
    Video,
}

/// <summary>
/// Clinic-local dates on which a doctor must have free time, both ends included. A missing start means from
/// now; a missing end means as far as the directory looks ahead.
/// </summary>
public sealed record DateRange(LocalDate? From, LocalDate? To);

/// <summary>A validated directory query.</summary>
public sealed record SearchDoctorsRequest(string? Specialty, string? City, string? Q, int Page, int PageSize)
{
    public DoctorSort Sort { get; init; } = DoctorSort.Name;
    public VisitFilter Visit { get; init; } = VisitFilter.Any;
    public (double Latitude, double Longitude)? Near { get; init; }
    public DateRange? Dates { get; init; }

    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    public const int MaxQueryLength = 200;
    public const int MaxFilterLength = 100;

    /// <summary>
    /// Returns the query, or the problems keyed by parameter name, in the reader's language (<paramref name="text"/>);
    /// <paramref name="now"/> bounds the dates.
    /// </summary>
    public static (SearchDoctorsRequest? Search, Dictionary<string, string[]> Errors) From(DoctorSearchInput input, Instant now, IStringLocalizer<DoctorsText> text)
    {
        var errors = new Dictionary<string, string[]>();
        var page = ParseInt(input.Page, "page", 1, 1, int.MaxValue / MaxPageSize, errors, text);
        var pageSize = ParseInt(input.PageSize, "pageSize", DefaultPageSize, 1, MaxPageSize, errors, text);
        var specialty = Trimmed(input.Specialty, "specialty", MaxFilterLength, errors, text);
        var city = Trimmed(input.City, "city", MaxFilterLength, errors, text);
        var q = Trimmed(input.Q, "q", MaxQueryLength, errors, text);
        var sort = input.Sort?.Trim().ToLowerInvariant() switch
        {
            null or "" or "name" => DoctorSort.Name,
            "availability" => DoctorSort.Availability,
            "distance" => DoctorSort.Distance,
            _ => Invalid(errors, "sort", text["'sort' is one of: name, availability, distance."], DoctorSort.Name),
        };
        var visit = input.Visit?.Trim().ToLowerInvariant() switch
        {
            null or "" or "any" => VisitFilter.Any,
            "in-person" => VisitFilter.InPerson,
            "video" => VisitFilter.Video,
            _ => Invalid(errors, "visit", text["'visit' is one of: any, in-person, video."], VisitFilter.Any),
        };
        var lat = ParseCoordinate(input.Lat, "lat", 90, errors, text);
        var lon = ParseCoordinate(input.Lon, "lon", 180, errors, text);
        (double, double)? near = lat is { } la && lon is { } lo ? (la, lo) : null;
        if (near is null && (lat is not null || lon is not null)) errors["lat"] = [text["Give both 'lat' and 'lon', or neither."]];
        if (sort == DoctorSort.Distance && near is null && !errors.ContainsKey("lat")) errors["lat"] = [text["Sorting by distance needs 'lat' and 'lon'."]];
        var dates = ParseDates(input.From, input.To, now, errors, text);
        return errors.Count > 0
            ? (null, errors)
            : (new SearchDoctorsRequest(specialty, city, q, page, pageSize) { Sort = sort, Visit = visit, Near = near, Dates = dates }, errors);
    }

    /// <summary>
    /// Dates are clinic-local and clinics may be in any zone, so "today" is the earliest date anywhere on Earth
    /// and the last date looked at is the latest date anywhere at the end of the look-ahead: a range is refused
    /// only when no clinic could have free time in it. A start before today is no error (the range also holds
    /// today); there is no separate limit on the length, since an end within the look-ahead already bounds it.
    /// </summary>
    private static DateRange? ParseDates(string? rawFrom, string? rawTo, Instant now, Dictionary<string, string[]> errors, IStringLocalizer<DoctorsText> text)
    {
        var from = ParseDate(rawFrom, "from", errors, text);
        var to = ParseDate(rawTo, "to", errors, text);
        if (from is null && to is null) return null;

        var today = now.InZone(DateTimeZone.ForOffset(Offset.FromHours(-12))).Date;
        var lastDay = (now + RefreshAvailability.LookAhead).InZone(DateTimeZone.ForOffset(Offset.FromHours(14))).Date;
        string beyond = text["We can look up to {0} days ahead: choose a date until {1}.", RefreshAvailability.LookAhead.Days, ClinicTime.ShortDay(lastDay)];
        if (from > lastDay) errors["from"] = [beyond];
        if (to > lastDay) errors["to"] = [beyond];
        else if (to < from) errors["to"] = [text["'to' must be on or after 'from'."]];
        else if (to < today) errors["to"] = [text["These dates are in the past: choose today or later."]];
        return new DateRange(from, to);
    }

    private static LocalDate? ParseDate(string? raw, string name, Dictionary<string, string[]> errors, IStringLocalizer<DoctorsText> text)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var result = LocalDatePattern.Iso.Parse(raw.Trim());
        if (!result.Success || !IsoTime.IsPlausible(result.Value))
        {
            errors[name] = [text["'{0}' must be a date written year-month-day, e.g. 2026-12-03.", name]];
            return null;
        }
        return result.Value;
    }

    private static T Invalid<T>(Dictionary<string, string[]> errors, string name, string message, T fallback)
    {
        errors[name] = [message];
        return fallback;
    }

    private static double? ParseCoordinate(string? raw, string name, double limit, Dictionary<string, string[]> errors, IStringLocalizer<DoctorsText> text)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || Math.Abs(value) > limit)
        {
            errors[name] = [text["'{0}' must be a number from -{1} to {1}.", name, limit]];
            return null;
        }
        return value;
    }

    private static int ParseInt(string? raw, string name, int fallback, int min, int max, Dictionary<string, string[]> errors, IStringLocalizer<DoctorsText> text)
    {
        if (string.IsNullOrWhiteSpace(raw)) return fallback;
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors[name] = [text["'{0}' must be a whole number from {1} to {2}.", name, min, max]];
            return fallback;
        }
        return value;
    }

    private static string? Trimmed(string? raw, string name, int maxLength, Dictionary<string, string[]> errors, IStringLocalizer<DoctorsText> text)
    {
        var value = raw?.Trim();
        if (string.IsNullOrEmpty(value)) return null;
        if (value.Length > maxLength)
        {
            errors[name] = [text["'{0}' must be at most {1} characters.", name, maxLength]];
            return null;
        }
        return value;
    }
}
