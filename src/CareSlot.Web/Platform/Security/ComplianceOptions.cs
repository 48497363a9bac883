using System.ComponentModel.DataAnnotations;

namespace CareSlot.Web.Platform.Security;

/// <summary>
/// The section "Compliance", read by two features that may not depend on each other: the record of processing
/// (Features/Admin/Compliance) names who is responsible (GDPR Art. 30(1)(a)) and the sub-processors the configuration cannot
/// reveal (a hosting provider, a backup store) — the transports the app talks to itself are found in their own settings;
/// <c>compliance-report</c> (Features/Retention) holds the health-information key's age to its limit. One class, bound
/// once (<see cref="ComplianceSettingsRegistration.AddComplianceSettings"/>): a second binding would list the sub-processors twice.
/// </summary>
public sealed class ComplianceOptions
{
    public const string Section = "Compliance";

    public PartyOptions Controller { get; set; } = new() { Name = "CareSlot clinic group", Email = "privacy@careslot.example" };

    /// <summary>The data protection officer (Art. 37); empty when none is appointed.</summary>
    public PartyOptions ProtectionOfficer { get; set; } = new();

    /// <summary>The supervisory authority complaints go to (Art. 77), e.g. the Land's data protection commissioner.</summary>
    public string SupervisoryAuthority { get; set; } = "";

    public List<ConfiguredSubProcessor> SubProcessors { get; set; } = [];

    /// <summary>The current key for health information older than this is a FAIL in <c>compliance-report</c>: rotate it (rotate-keys).</summary>
    [Range(1, 3650)]
    public int MaxKeyAgeDays { get; set; } = 365;

    /// <summary>
    /// When the current key was made (yyyy-MM-dd, UTC). Keys from environment variables carry no date, so the report can only
    /// tell their age from this; for a key file it falls back on the file's time.
    /// </summary>
    [RegularExpression(@"^\d{4}-\d{2}-\d{2}$", ErrorMessage = "Compliance:CurrentKeyCreatedOn is a date: yyyy-MM-dd.")]
    public string? CurrentKeyCreatedOn { get; set; }
}

public static class ComplianceSettingsRegistration
{
    public static IServiceCollection AddComplianceSettings(this IServiceCollection services)
    {
        services.AddOptions<ComplianceOptions>().BindConfiguration(ComplianceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}

public sealed class PartyOptions
{
    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    public string Address { get; set; } = "";
}

public sealed class ConfiguredSubProcessor
{
    public string Name { get; set; } = "";

    /// <summary>What it does for CareSlot, e.g. "Hosting of the servers".</summary>
    public string Service { get; set; } = "";

    /// <summary>Where the data is processed; outside the EEA needs <see cref="Safeguards"/> (Art. 44–46).</summary>
    public string Location { get; set; } = "";

    /// <summary>Which personal data reaches it.</summary>
    public string DataShared { get; set; } = "";

    /// <summary>The contract and transfer safeguards, e.g. "Art. 28 contract of 2026-03-01; EU standard contractual clauses".</summary>
    public string Safeguards { get; set; } = "";
}
