using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Accounts;

[Authorize]
public sealed class IndexModel(UserManager<Account> users, CareSlotDb db) : PageModel
{
    public Account Me { get; private set; } = null!;

    /// <summary>Why the administrators rejected this doctor's registration: they read it here, where signing in lands.</summary>
    public string? RejectionReason { get; private set; }

    /// <summary>The doctor has an administrator's question to answer on their profile page.</summary>
    public bool QuestionOpen { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } me) return Challenge();
        Me = me;
        if (User.IsInRole(Roles.Doctor))
        {
            var review = await db.Doctors.Where(d => d.AccountId == me.Id).Select(d => new { d.Id, d.Review }).SingleOrDefaultAsync(ct);
            QuestionOpen = review?.Review == DoctorReview.AwaitingAnswer;
            if (review?.Review == DoctorReview.Rejected)
            {
                RejectionReason = await db.DoctorDecisions.Where(d => d.DoctorId == review.Id && d.Kind == DoctorDecisionKind.Rejected)
                    .OrderByDescending(d => d.Id).Select(d => d.Text).FirstOrDefaultAsync(ct);
            }
        }
        return Page();
    }
}
