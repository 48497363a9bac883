namespace CareSlot.Web.Features.Admin.Compliance;

/// <summary>
/// Who is responsible for the processing (GDPR Art. 30(1)(a)) and the sub-processors the configuration cannot reveal (a
/// hosting provider, a backup store). The transports the app talks to itself — SMTP, the SMS gateway, the support
/// mailbox, an external PostgreSQL — are found in their own settings.
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
