using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Disputes;

/// <summary>The disputes about the viewer's appointments, newest first; administrators are sent to their queue.</summary>
[Authorize(Policy = AccountPolicies.PatientOrStaffWithSecondFactor)]
public sealed class IndexModel(CareSlotDb db, DisputeQueries queries) : PageModel
{
    public IReadOnlyList<DisputeSummary> Disputes { get; private set; } = [];
    public bool IsParty { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await Viewer.FromAsync(User, db, ct) is not { } viewer) return Forbid();
        IsParty = viewer.Actor is Actor.Patient or Actor.Doctor;
        Disputes = await queries.MineAsync(viewer, ct);
        return Page();
    }
}
