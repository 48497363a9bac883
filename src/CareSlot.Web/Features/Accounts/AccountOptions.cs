using System.ComponentModel.DataAnnotations;

namespace CareSlot.Web.Features.Accounts;

public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>
    /// Version of the terms and privacy notice a new account accepts; recorded with the time. A date (yyyy-MM, or
    /// yyyy-MM-dd for a second version within a month), because versions are compared as text to find older acceptances:
    /// "10" would sort before "9" and nobody would be asked to accept it.
    /// </summary>
    [Required]
    [RegularExpression(@"^\d{4}-\d{2}(-\d{2})?$", ErrorMessage = "Accounts:TermsVersion must be a date, yyyy-MM or yyyy-MM-dd: versions are compared as text.")]
    public string TermsVersion { get; set; } = "2026-11";

    /// <summary>Region assumed for phone numbers typed without a country code (ISO 3166-1 alpha-2), if any.</summary>
    public string? DefaultPhoneRegion { get; set; }

    [Range(1, 1440)]
    public int PatientIdleMinutes { get; set; } = 30;

    [Range(1, 1440)]
    public int StaffIdleMinutes { get; set; } = 15;

    [Range(1, 168)]
    public int AbsoluteSessionHours { get; set; } = 12;
}
