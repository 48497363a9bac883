using System.Security.Claims;
using CareSlot.Web.Features.DoctorTime;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Doctors;

public sealed class ProfileModel(GetDoctorProfile getDoctorProfile, LoadSlotWeek loadSlotWeek) : PageModel
{
    public DoctorProfile Doctor { get; private set; } = null!;

    /// <summary>The bookable week, or null when the doctor has no hours or visit types yet.</summary>
    public SlotWeek? Week { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int? type, string? week, CancellationToken ct)
    {
        if (await getDoctorProfile.HandleAsync(id, ct) is not { } doctor) return NotFound();
        Doctor = doctor;
        var viewer = Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var accountId) ? accountId : (Guid?)null;
        Week = await loadSlotWeek.HandleAsync(id, type, week, viewer, ct);
        return Page();
    }
}
