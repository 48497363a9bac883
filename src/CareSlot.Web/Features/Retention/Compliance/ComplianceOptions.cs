using System.ComponentModel.DataAnnotations;

namespace CareSlot.Web.Features.Retention.Compliance;

/// <summary>The limits `compliance-report` holds today's state to (section "Compliance").</summary>
public sealed class ComplianceOptions
{
    public const string Section = "Compliance";

    /// <summary>The current key for health information older than this is a FAIL: rotate it (rotate-keys).</summary>
    [Range(1, 3650)]
    public int MaxKeyAgeDays { get; set; } = 365;

    /// <summary>
    /// When the current key was made (yyyy-MM-dd, UTC). Keys from environment variables carry no date, so the report can only
    /// tell their age from this; for a key file it falls back on the file's time.
    /// </summary>
    [RegularExpression(@"^\d{4}-\d{2}-\d{2}$", ErrorMessage = "Compliance:CurrentKeyCreatedOn is a date: yyyy-MM-dd.")]
    public string? CurrentKeyCreatedOn { get; set; }
}
