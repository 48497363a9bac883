using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Appointments;

[Authorize(Policy = AccountPolicies.PatientOrStaffWithSecondFactor)]
public sealed class IndexModel(CareSlotDb db, AppointmentQueries queries) : PageModel
{
    public Viewer Viewer { get; private set; } = null!;
    public IReadOnlyList<AppointmentView> Upcoming { get; private set; } = [];
    public IReadOnlyList<AppointmentView> Past { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await Viewer.FromAsync(User, db, ct) is not { } viewer) return Forbid();
        Viewer = viewer;
        Upcoming = await queries.ListAsync(viewer, AppointmentScope.Upcoming, ct);
        Past = await queries.ListAsync(viewer, AppointmentScope.Past, ct);
        return Page();
    }
}
