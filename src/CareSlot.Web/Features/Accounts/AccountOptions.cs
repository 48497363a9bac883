using System.ComponentModel.DataAnnotations;

namespace CareSlot.Web.Features.Accounts;

public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>Version of the terms and privacy notice a new account accepts; recorded with the time.</summary>
    [Required]
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
