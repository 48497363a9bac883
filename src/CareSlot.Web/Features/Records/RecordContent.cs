namespace CareSlot.Web.Features.Records;

/// <summary>
/// The words of one version of an entry. A visit note uses the clinical fields; an allergy, a condition or a
/// patient's own entry a title and details (<see cref="Summary"/>).
/// </summary>
public sealed record RecordContent(
    string? Title = null,
    string? Summary = null,
    string? Findings = null,
    string? Diagnosis = null,
    string? DiagnosisCode = null,
    string? Prescriptions = null,
    string? FollowUp = null)
{
    public const int TitleMaxLength = 200;
    public const int TextMaxLength = 4000;
    public const int AmendmentReasonMaxLength = 500;
}
