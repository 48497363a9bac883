namespace CareSlot.Web.Features.DoctorTime;

/// <summary>
/// A week of slots drawn as one form whose every slot is a submit button, so choosing a time works
/// without JavaScript. <see cref="PageUrl"/> is where the type and week pickers navigate.
/// </summary>
public sealed record SlotWeekForm(SlotWeek Week, string PageUrl, string FormAction, string Heading, string Explanation,
    IReadOnlyDictionary<string, string> HiddenFields)
{
    /// <summary>Staff changing a patient's appointment say why, in a field inside the same form.</summary>
    public bool AsksReason { get; init; }

    public string? ReasonError { get; init; }

    /// <summary>The reason field's label, when it is not a move's (support booking for a patient).</summary>
    public string? ReasonLabel { get; init; }

    /// <summary>Whether people may switch the visit type (not when moving an existing appointment).</summary>
    public bool TypeFixed { get; init; }
}
