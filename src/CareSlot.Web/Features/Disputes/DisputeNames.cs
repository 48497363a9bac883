using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Disputes;

/// <summary>The kinds, states and outcomes as the API writes them (kebab case) and as pages show them.</summary>
public static class DisputeNames
{
    public static string Api<TEnum>(TEnum value) where TEnum : struct, Enum => ApiNames.Of(value);

    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum => ApiNames.TryParse(text, out value);

    /// <summary>A name as the API writes it, back as its value, for pages that show the API's views.</summary>
    public static TEnum FromApi<TEnum>(string text) where TEnum : struct, Enum =>
        TryParse<TEnum>(text, out var value) ? value : throw new ArgumentOutOfRangeException(nameof(text), text, $"Not a {typeof(TEnum).Name}.");

    /// <summary>Who took a step (patient, doctor, admin as the API writes them), as pages show it.</summary>
    public static string Role(string role, IStringLocalizer<DisputesText> text) => role switch
    {
        "patient" => text["Patient"],
        "doctor" => text["Doctor"],
        _ => text["Administrator"],
    };

    public static string Kind(DisputeKind kind, IStringLocalizer<DisputesText> text) => kind switch
    {
        DisputeKind.ContestedNoShow => text["Contested no-show"],
        DisputeKind.LateCancellation => text["Late cancellation"],
        DisputeKind.Conduct => text["Conduct"],
        DisputeKind.Billing => text["Billing"],
        _ => text["Other"],
    };

    public static string State(DisputeState state, IStringLocalizer<DisputesText> text) => state switch
    {
        DisputeState.Open => text["Open"],
        DisputeState.UnderReview => text["Under review"],
        DisputeState.AwaitingParty => text["Awaiting a party"],
        DisputeState.Resolved => text["Resolved"],
        _ => text["Withdrawn"],
    };

    public static string Outcome(DisputeOutcome outcome, IStringLocalizer<DisputesText> text) => outcome switch
    {
        DisputeOutcome.Upheld => text["Upheld"],
        DisputeOutcome.Rejected => text["Rejected"],
        _ => text["Partly upheld"],
    };

    public static string Step(DisputeStepKind kind, IStringLocalizer<DisputesText> text) => kind switch
    {
        DisputeStepKind.Opened => text["Opened the dispute"],
        DisputeStepKind.Statement => text["Added a statement"],
        DisputeStepKind.Assigned => text["Assigned the dispute"],
        DisputeStepKind.Question => text["Asked a question"],
        DisputeStepKind.Resolved => text["Resolved the dispute"],
        _ => text["Withdrew the dispute"],
    };

    public static string Audience(DisputeAudience audience, IStringLocalizer<DisputesText> text) => audience switch
    {
        DisputeAudience.Patient => text["To the patient"],
        DisputeAudience.Doctor => text["To the doctor"],
        _ => text["To both parties"],
    };
}
