using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Disputes;

public static class DisputeProblems
{
    public static UseCaseProblem NotAssigned(IStringLocalizer<DisputesText> text) =>
        new(StatusCodes.Status409Conflict, text["Nobody reviews this dispute yet."], text["Assign the dispute before you ask or resolve."]);
}
