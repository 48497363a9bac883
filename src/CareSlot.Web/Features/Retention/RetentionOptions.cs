using System.ComponentModel.DataAnnotations;

namespace CareSlot.Web.Features.Retention;

/// <summary>
/// How long each kind of personal data is kept before the retention job deletes or anonymises it (section "Retention").
/// The legal basis assumed for each period is in docs/security.md, "Retention"; the ranges only stop a typo from
/// deleting everything at once (a period of 0) or keeping nothing useful.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>A patient's medical record (history entries with every version) and their conversations with doctors, counted from their last visit.</summary>
    [Range(1, 100)]
    public int MedicalRecordsYears { get; set; } = 10;

    /// <summary>Outbox rows whose delivery ended (sent, failed, withdrawn, skipped): the delivery log.</summary>
    [Range(7, 3650)]
    public int DeliveryLogDays { get; set; } = 365;

    /// <summary>Rows of the audit trail; HIPAA §164.316(b)(2) asks for six years.</summary>
    [Range(1, 100)]
    public int AuditTrailYears { get; set; } = 6;

    /// <summary>The lines of a live chat after it closed; the conversation row stays, without name, e-mail or visitor key.</summary>
    [Range(1, 3650)]
    public int ChatTranscriptDays { get; set; } = 365;

    /// <summary>Accounts whose e-mail and phone were never confirmed, counted from registration; deleted with their tokens.</summary>
    [Range(1, 3650)]
    public int UnverifiedAccountDays { get; set; } = 30;

    /// <summary>Closed help-desk tickets, counted from their last change; deleted with their posts and files.</summary>
    [Range(1, 100)]
    public int ClosedTicketYears { get; set; } = 3;

    /// <summary>The free-text answers of surveys, counted from submission; ratings and choices stay for the statistics.</summary>
    [Range(1, 100)]
    public int SurveyTextYears { get; set; } = 2;

    /// <summary>
    /// Whether the daily job purges the audit trail too. Turn it off where the app's database role has no DELETE on
    /// AuditTrail (docs/security.md): an operator then runs `retention` with the owner's connection string.
    /// </summary>
    public bool AuditTrailByJob { get; set; } = true;

    /// <summary>Rows deleted or anonymised per transaction, so no run holds locks for long.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How often each instance runs the job; 0 turns it off (tests run it explicitly, as does the `retention` command).</summary>
    [Range(0, 24 * 7)]
    public int RunIntervalHours { get; set; } = 24;

    /// <summary>How far past its period data may be before `compliance-report` calls the purge overdue (FAIL).</summary>
    [Range(1, 365)]
    public int OverdueAfterDays { get; set; } = 2;
}
