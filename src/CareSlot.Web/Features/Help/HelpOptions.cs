using System.ComponentModel.DataAnnotations;

namespace CareSlot.Web.Features.Help;

/// <summary>How people reach the clinic's support: the help page shows these. Checked on start, so a typo stops the app, not a visitor.</summary>
public sealed class HelpOptions : IValidatableObject
{
    public const string Section = "Help";

    [Required, Phone, StringLength(40)]
    public string Phone { get; set; } = "";

    [Required, EmailAddress, StringLength(254)]
    public string Email { get; set; } = "";

    /// <summary>The first and last weekday the phone is answered (Monday to Friday by default).</summary>
    public DayOfWeek FirstDay { get; set; } = DayOfWeek.Monday;

    public DayOfWeek LastDay { get; set; } = DayOfWeek.Friday;

    public TimeOnly Opens { get; set; } = new(8, 0);

    public TimeOnly Closes { get; set; } = new(18, 0);

    /// <summary>The IANA zone the hours are in, shown beside them.</summary>
    [Required]
    public string TimeZone { get; set; } = "Europe/Berlin";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Closes <= Opens) yield return new ValidationResult("Help:Closes must be after Help:Opens.", [nameof(Closes)]);
        if (NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) is null)
        {
            yield return new ValidationResult("Help:TimeZone must be an IANA time zone such as Europe/Berlin.", [nameof(TimeZone)]);
        }
    }
}
