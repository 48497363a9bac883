using System.ComponentModel.DataAnnotations;

namespace CareSlot.Web.Features.Records;

public sealed class RecordsOptions
{
    public const string Section = "Records";

    /// <summary>How long after a visit its doctor may still read the patient's history and message them.</summary>
    [Range(1, 120)]
    public int CareRelationshipMonths { get; set; } = 12;

    /// <summary>How long an administrator's break-glass access to one patient's record lasts.</summary>
    [Range(1, 240)]
    public int BreakGlassMinutes { get; set; } = 60;
}
