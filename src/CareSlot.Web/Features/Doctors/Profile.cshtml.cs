using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Doctors;

public sealed class ProfileModel(GetDoctorProfile getDoctorProfile) : PageModel
{
    public DoctorProfile Doctor { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await getDoctorProfile.HandleAsync(id, ct) is not { } doctor) return NotFound();
        Doctor = doctor;
        return Page();
    }
}
