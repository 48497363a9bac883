using System.ComponentModel.DataAnnotations;
using NodaTime;

namespace CareSlot.Web.Features.Surveys;

/// <summary>How long a survey link works, how many invitations one save writes, and the zone survey dates are shown in.</summary>
public sealed class SurveyOptions : IValidatableObject
{
    public const string Section = "Surveys";

    [Range(1, 365)]
    public int InvitationDays { get; set; } = 30;

    /// <summary>Sending to a group reads and writes this many recipients at a time, so a large group never sits in memory at once.</summary>
    [Range(1, 5000)]
    public int SendBatchSize { get; set; } = 500;

    /// <summary>Surveys belong to no clinic: their dates are shown in this zone (IANA id).</summary>
    [Required]
    public string TimeZone { get; set; } = "Europe/Berlin";

    public DateTimeZone Zone => DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) ?? DateTimeZone.Utc;

    public Duration InvitationLifetime => Duration.FromDays(InvitationDays);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone ?? "") is null)
        {
            yield return new ValidationResult($"Surveys:TimeZone '{TimeZone}' is not an IANA time zone, such as Europe/Berlin.", [nameof(TimeZone)]);
        }
    }
}
