using System.Globalization;

namespace CareSlot.Web.Features.Doctors;

/// <summary>
/// The directory's query string exactly as it arrives. Everything is text so that a
/// non-numeric page answers with a message naming the parameter instead of a bare 400.
/// </summary>
public sealed record DoctorSearchInput(string? Specialty, string? City, string? Q, string? Page, string? PageSize,
    string? Sort = null, string? Visit = null, string? Lat = null, string? Lon = null);

public enum DoctorSort
{
    Name,

    /// <summary>Soonest next free slot first; doctors with nothing free in the look-ahead last.</summary>
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

/// <summary>A validated directory query.</summary>
public sealed record DoctorSearch(string? Specialty, string? City, string? Q, int Page, int PageSize)
{
    public DoctorSort Sort { get; init; } = DoctorSort.Name;
    public VisitFilter Visit { get; init; } = VisitFilter.Any;
    public (double Latitude, double Longitude)? Near { get; init; }

    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    public const int MaxQueryLength = 200;
    public const int MaxFilterLength = 100;

    /// <summary>Returns the query, or the problems keyed by parameter name.</summary>
    public static (DoctorSearch? Search, Dictionary<string, string[]> Errors) From(DoctorSearchInput input)
    {
        var errors = new Dictionary<string, string[]>();
        var page = ParseInt(input.Page, "page", 1, 1, int.MaxValue / MaxPageSize, errors);
        var pageSize = ParseInt(input.PageSize, "pageSize", DefaultPageSize, 1, MaxPageSize, errors);
        var specialty = Trimmed(input.Specialty, "specialty", MaxFilterLength, errors);
        var city = Trimmed(input.City, "city", MaxFilterLength, errors);
        var q = Trimmed(input.Q, "q", MaxQueryLength, errors);
        var sort = input.Sort?.Trim().ToLowerInvariant() switch
        {
            null or "" or "name" => DoctorSort.Name,
            "availability" => DoctorSort.Availability,
            "distance" => DoctorSort.Distance,
            _ => Invalid(errors, "sort", "'sort' is one of: name, availability, distance.", DoctorSort.Name),
        };
        var visit = input.Visit?.Trim().ToLowerInvariant() switch
        {
            null or "" or "any" => VisitFilter.Any,
            "in-person" => VisitFilter.InPerson,
            "video" => VisitFilter.Video,
            _ => Invalid(errors, "visit", "'visit' is one of: any, in-person, video.", VisitFilter.Any),
        };
        var lat = ParseCoordinate(input.Lat, "lat", 90, errors);
        var lon = ParseCoordinate(input.Lon, "lon", 180, errors);
        (double, double)? near = lat is { } la && lon is { } lo ? (la, lo) : null;
        if (near is null && (lat is not null || lon is not null)) errors["lat"] = ["Give both 'lat' and 'lon', or neither."];
        if (sort == DoctorSort.Distance && near is null && !errors.ContainsKey("lat")) errors["lat"] = ["Sorting by distance needs 'lat' and 'lon'."];
        return errors.Count > 0
            ? (null, errors)
            : (new DoctorSearch(specialty, city, q, page, pageSize) { Sort = sort, Visit = visit, Near = near }, errors);
    }

    private static T Invalid<T>(Dictionary<string, string[]> errors, string name, string message, T fallback)
    {
        errors[name] = [message];
        return fallback;
    }

    private static double? ParseCoordinate(string? raw, string name, double limit, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || Math.Abs(value) > limit)
        {
            errors[name] = [$"'{name}' must be a number from -{limit} to {limit}."];
            return null;
        }
        return value;
    }

    private static int ParseInt(string? raw, string name, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(raw)) return fallback;
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors[name] = [$"'{name}' must be a whole number from {min} to {max}."];
            return fallback;
        }
        return value;
    }

    private static string? Trimmed(string? raw, string name, int maxLength, Dictionary<string, string[]> errors)
    {
        var value = raw?.Trim();
        if (string.IsNullOrEmpty(value)) return null;
        if (value.Length > maxLength)
        {
            errors[name] = [$"'{name}' must be at most {maxLength} characters."];
            return null;
        }
        return value;
    }
}
