using System.ComponentModel.DataAnnotations;

namespace CareSlot.Web.Features.Records;

/// <summary>The fields of a visit note as a form binds them (<c>Input.Summary</c>, ...).</summary>
public sealed class NoteInput
{
    [DataType(DataType.MultilineText)]
    public string? Summary { get; set; }

    [DataType(DataType.MultilineText)]
    public string? Findings { get; set; }

    [DataType(DataType.MultilineText)]
    public string? Diagnosis { get; set; }

    public string? DiagnosisCode { get; set; }

    [DataType(DataType.MultilineText)]
    public string? Prescriptions { get; set; }

    [DataType(DataType.MultilineText)]
    public string? FollowUp { get; set; }

    public static readonly string[] FieldOrder =
        ["Input.Summary", "Input.Findings", "Input.Diagnosis", "Input.DiagnosisCode", "Input.Prescriptions", "Input.FollowUp"];
}
