using System.ComponentModel.DataAnnotations;

namespace CareSlot.Web.Features.Privacy;

/// <summary>The rights pages' settings (section "Privacy").</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>Years medical records are kept after the last visit, whatever the patient asks (statutory; 10 in Germany, § 630f BGB).</summary>
    [Range(1, 100)]
    public int MedicalRecordRetentionYears { get; set; } = 10;

    /// <summary>Exports one account may download per window (the page, the JSON file and the API together).</summary>
    [Range(1, 1000)]
    public int ExportsPerWindow { get; set; } = 10;

    [Range(1, 86_400)]
    public int ExportWindowSeconds { get; set; } = 600;

    /// <summary>
    /// Minutes between looks at open erasure requests, to carry out those nothing holds any more: held ones whose dispute or
    /// ticket has ended, pending ones that were interrupted (0: never, as in the tests, which run <see cref="ResumeErasures"/>
    /// themselves).
    /// </summary>
    [Range(0, 10_080)]
    public int ResumeErasuresMinutes { get; set; } = 60;
}
