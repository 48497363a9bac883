using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Reviews;

/// <summary>Statuses as the API writes them (lower case) and as pages show them, and the patient's public name.</summary>
public static class ReviewNames
{
    public static string Api(ReviewStatus status) => status.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out ReviewStatus status)
    {
        foreach (var candidate in Enum.GetValues<ReviewStatus>())
        {
            if (string.Equals(Api(candidate), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }

    public static ReviewStatus FromApi(string text) =>
        TryParse(text, out var status) ? status : throw new ArgumentOutOfRangeException(nameof(text), text, "Not a review status.");

    public static string Status(ReviewStatus status, IStringLocalizer<ReviewsText> text) => status switch
    {
        ReviewStatus.Pending => text["Awaiting moderation"],
        ReviewStatus.Approved => text["Published"],
        ReviewStatus.Rejected => text["Not published"],
        _ => text["Withdrawn"],
    };

    /// <summary>
    /// The patient as the public sees them: the first name and the initial of the last ("Greta Garbo" → "Greta G."), so a
    /// review names nobody in full. One name alone stays as it is; an empty name is "A patient" (said by the page).
    /// </summary>
    public static string Public(string? fullName)
    {
        var parts = (fullName ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return "";
        if (parts.Length == 1) return parts[0];
        var last = parts[^1];
        var initial = char.IsSurrogatePair(last, 0) ? last[..2] : last[..1];
        return $"{parts[0]} {initial.ToUpperInvariant()}.";
    }

    /// <summary>"4 of 5 stars", for screen readers and for anyone the stars do not speak to.</summary>
    public static string Stars(int rating, IStringLocalizer<ReviewsText> text) => text["{0} of {1} stars", rating, Review.MaxRating];

    /// <summary>The average with one decimal, in the page's culture ("4.3", "4,3").</summary>
    public static string Average(double average) => average.ToString("0.0", System.Globalization.CultureInfo.CurrentCulture);
}
