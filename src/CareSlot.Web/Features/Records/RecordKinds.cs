namespace CareSlot.Web.Features.Records;

/// <summary>How a kind is written in the API and in links: "visit-note", "allergy", "condition", "patient-reported".</summary>
public static class RecordKinds
{
    public static RecordKind? Parse(string? kind) => kind?.Trim().ToLowerInvariant() switch
    {
        "visit-note" => RecordKind.VisitNote,
        "allergy" => RecordKind.Allergy,
        "condition" => RecordKind.Condition,
        "patient-reported" => RecordKind.PatientReported,
        _ => null,
    };

    public static string ApiName(RecordKind kind) => kind switch
    {
        RecordKind.VisitNote => "visit-note",
        RecordKind.Allergy => "allergy",
        RecordKind.Condition => "condition",
        _ => "patient-reported",
    };
}
