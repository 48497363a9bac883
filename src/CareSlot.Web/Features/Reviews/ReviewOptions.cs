using System.ComponentModel.DataAnnotations;

namespace CareSlot.Web.Features.Reviews;

/// <summary>The moderation word list (<c>Reviews:BlockedWords</c>): a review containing one is flagged for the moderator, not refused.</summary>
public sealed class ReviewOptions
{
    public const string Section = "Reviews";

    /// <summary>Whole words or phrases, matched without regard to case.</summary>
    [MaxLength(1000)]
    public IList<string> BlockedWords { get; } = [];

    /// <summary>How many approved reviews one page of a profile or of the public API shows.</summary>
    [Range(1, 100)]
    public int PageSize { get; set; } = 10;
}
