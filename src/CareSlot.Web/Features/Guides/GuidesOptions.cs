using System.ComponentModel.DataAnnotations;

namespace CareSlot.Web.Features.Guides;

/// <summary>
/// Where the guides' screenshots, videos and captions are (the browser tests write them there) and how long browsers keep them.
/// Checked on start, so a typo stops the app rather than leaving every guide without its pictures.
/// </summary>
public sealed class GuidesOptions : IValidatableObject
{
    public const string Section = "Guides";

    /// <summary>An absolute folder, or one relative to the app's content root. It need not exist: guides then show their steps without pictures.</summary>
    [Required, StringLength(1000)]
    public string MediaFolder { get; set; } = "data/guide-media";

    /// <summary>
    /// How long a browser may keep a screenshot or video without asking again. The pages link each file with its
    /// modification time in the address, so a new recording is fetched at once whatever this says.
    /// </summary>
    [Range(0, 31_536_000)]
    public int CacheSeconds { get; set; } = 86_400;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MediaFolder.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || MediaFolder.Any(char.IsControl))
        {
            yield return new ValidationResult("Guides:MediaFolder must be a folder's path.", [nameof(MediaFolder)]);
        }
    }
}
