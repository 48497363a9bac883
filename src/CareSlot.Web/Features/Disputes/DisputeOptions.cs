using System.ComponentModel.DataAnnotations;

namespace CareSlot.Web.Features.Disputes;

/// <summary>How long a dispute should stay in each state before administrators see it as overdue (the SLA clock).</summary>
public sealed class DisputeOptions
{
    public const string Section = "Disputes";

    /// <summary>From opening until an administrator takes it on.</summary>
    [Range(1, 720)]
    public int OpenTargetHours { get; set; } = 48;

    [Range(1, 720)]
    public int UnderReviewTargetHours { get; set; } = 120;

    /// <summary>Waiting for a party's answer to a question.</summary>
    [Range(1, 720)]
    public int AwaitingPartyTargetHours { get; set; } = 168;

    /// <summary>The target of a state still in progress; null for the final ones, which no clock watches.</summary>
    public NodaTime.Duration? Target(DisputeState state) => state switch
    {
        DisputeState.Open => NodaTime.Duration.FromHours(OpenTargetHours),
        DisputeState.UnderReview => NodaTime.Duration.FromHours(UnderReviewTargetHours),
        DisputeState.AwaitingParty => NodaTime.Duration.FromHours(AwaitingPartyTargetHours),
        _ => null,
    };

    /// <summary>How long a dispute has been in its state against the state's target.</summary>
    public DisputeSla Sla(DisputeState state, NodaTime.Duration inState)
    {
        var target = Target(state);
        return new DisputeSla((int)Math.Floor(inState.TotalHours), target is { } t ? (int)t.TotalHours : null, target is { } limit && inState > limit);
    }
}

/// <param name="HoursInState">Whole hours since the current state began.</param>
/// <param name="TargetHours">The configured target of the state; null for a final state.</param>
public sealed record DisputeSla(int HoursInState, int? TargetHours, bool Overdue);
