using System.Globalization;

namespace CareSlot.Web.Features.Doctors;

/// <summary>
/// The directory's query string exactly as it arrives. Everything is text so that a
/// non-numeric page answers with a message naming the parameter instead of a bare 400.
/// </summary>
public sealed record DoctorSearchInput(string? Specialty, string? City, string? Q, string? Page, string? PageSize);

/// <summary>A validated directory query.</summary>
public sealed record DoctorSearch(string? Specialty, string? City, string? Q, int Page, int PageSize)
{
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
        return errors.Count > 0 ? (null, errors) : (new DoctorSearch(specialty, city, q, page, pageSize), errors);
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
