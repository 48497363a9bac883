using System.Security.Claims;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Features.Reviews;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Doctors;

public sealed class ProfileModel(GetDoctorProfile getDoctorProfile, LoadSlotWeek loadSlotWeek, ReviewQueries reviewQueries) : PageModel
{
    public DoctorProfile Doctor { get; private set; } = null!;

    /// <summary>The bookable week, or null when the doctor has no hours or visit types yet.</summary>
    public SlotWeek? Week { get; private set; }

    /// <summary>The published reviews' page asked for, with the average and count (Reviews' query).</summary>
    public DoctorRating Reviews { get; private set; } = null!;

    /// <param name="reviews">The page of reviews, from 1; anything else shows the first.</param>
    public async Task<IActionResult> OnGetAsync(int id, int? type, string? week, int? reviews, CancellationToken ct)
    {
        if (await getDoctorProfile.HandleAsync(id, ct) is not { } doctor) return NotFound();
        Doctor = doctor;
        var viewer = Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var accountId) ? accountId : (Guid?)null;
        Week = await loadSlotWeek.HandleAsync(id, type, week, viewer, ct);
        Reviews = await reviewQueries.ForDoctorAsync(id, reviews ?? 1, ct);
        return Page();
    }
}
