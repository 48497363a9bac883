using System.ComponentModel.DataAnnotations;
using NodaTime;

namespace CareSlot.Web.Features.HelpDesk;

/// <summary>The help desk's SLA — how soon an agent's first answer is due, by the ticket's priority — and the zone its times are shown in.</summary>
public sealed class HelpDeskOptions : IValidatableObject
{
    public const string Section = "HelpDesk";

    /// <summary>Where the support team works: requests have no clinic, so their times are shown in this zone (IANA id).</summary>
    [Required]
    public string TimeZone { get; set; } = "Europe/Berlin";

    public DateTimeZone Zone => DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) ?? DateTimeZone.Utc;

    [Range(1, 720)]
    public int UrgentFirstReplyHours { get; set; } = 1;

    [Range(1, 720)]
    public int HighFirstReplyHours { get; set; } = 4;

    [Range(1, 720)]
    public int NormalFirstReplyHours { get; set; } = 8;

    [Range(1, 720)]
    public int LowFirstReplyHours { get; set; } = 24;

    public Duration FirstReplyTarget(TicketPriority priority) => Duration.FromHours(priority switch
    {
        TicketPriority.Urgent => UrgentFirstReplyHours,
        TicketPriority.High => HighFirstReplyHours,
        TicketPriority.Low => LowFirstReplyHours,
        _ => NormalFirstReplyHours,
    });

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone ?? "") is null)
        {
            yield return new ValidationResult($"HelpDesk:TimeZone '{TimeZone}' is not an IANA time zone, such as Europe/Berlin.", [nameof(TimeZone)]);
        }
    }
}
