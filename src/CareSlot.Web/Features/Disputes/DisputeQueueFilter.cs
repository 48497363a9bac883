using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Disputes;

/// <summary>The queue's filters as the page and the API take them: text, checked here, so a wrong value is a 400 naming it.</summary>
public sealed record DisputeQueueFilter(DisputeState? State, DisputeKind? Kind)
{
    public static Outcome<DisputeQueueFilter> Parse(string? state, string? kind, IStringLocalizer<DisputesText> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        DisputeState? wantedState = null;
        DisputeKind? wantedKind = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (DisputeNames.TryParse<DisputeState>(state, out var s)) wantedState = s;
            else errors["state"] = [text["Use one of: open, under-review, awaiting-party, resolved, withdrawn."]];
        }
        if (!string.IsNullOrEmpty(kind))
        {
            if (DisputeNames.TryParse<DisputeKind>(kind, out var k)) wantedKind = k;
            else errors["kind"] = [text["Use one of: contested-no-show, late-cancellation, conduct, billing, other."]];
        }
        return errors.Count > 0 ? UseCaseProblem.Invalid(errors) : new Outcome<DisputeQueueFilter>(new DisputeQueueFilter(wantedState, wantedKind), null);
    }
}
