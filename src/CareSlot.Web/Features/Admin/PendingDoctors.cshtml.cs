using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Doctors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin;

[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class PendingDoctorsModel(DoctorApprovals approvals, IStringLocalizer<AdminText> text) : PageModel
{
    public IReadOnlyList<PendingDoctor> Pending { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Pending = await approvals.PendingAsync(ct);

    public async Task<IActionResult> OnPostApproveAsync(int id, CancellationToken ct)
    {
        Message = await approvals.ApproveAsync(id, ct)
            ? text["Approved: the doctor is now listed in the directory."]
            : text["That doctor is not waiting for approval any more."];
        return RedirectToPage();
    }
}
