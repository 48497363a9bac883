using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Privacy;

/// <summary>
/// The administrators' list of erasure requests, open ones first: every request is seen here, and a held one (an open dispute
/// or ticket) is completed from here once what held it is closed. Erasure never waits for an administrator otherwise.
/// </summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class ErasuresModel(ErasureRequests requests, CompleteErasure complete, IStringLocalizer<PrivacyText> text) : PageModel
{
    public const int Shown = 200;

    public IReadOnlyList<ErasureListRow> Rows { get; private set; } = [];

    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Rows = await requests.ListAsync(Shown, ct);

    public async Task<IActionResult> OnPostCompleteAsync(Guid? id, CancellationToken ct)
    {
        if (id is not { } requestId)
        {
            ModelState.AddModelError("id", text["Choose a request."]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else if (await complete.HandleAsync(requestId, User.AccountId(), ct) is not { } request)
        {
            return NotFound();
        }
        else
        {
            Message = request.State == ErasureState.Completed ? text["The erasure is completed."] : text["Still held: {0}.", ErasureHold.Describe(request.HeldBy, text)];
        }
        Rows = await requests.ListAsync(Shown, ct);
        return Page();
    }

    public string Hold(string? heldBy) => ErasureHold.Describe(heldBy, text);

    public static string When(Instant? at) => at is { } value ? ClinicTime.ShortDayAndClock(value.InUtc()) : "—";
}
