using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Admin.Doctors;
using CareSlot.Web.Features.Doctors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin;

/// <summary>The queue of doctors' registrations, each with its review so far; each is decided on its own page.</summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class PendingDoctorsModel(DoctorReviews queue, IStringLocalizer<AdminText> text) : PageModel
{
    public IReadOnlyList<DoctorInReview> Pending { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Pending = await queue.ListAsync(ct);

    public string ReviewName(DoctorReview review) => DoctorReviewText.Name(text, review);
}

public static class DoctorReviewText
{
    /// <summary>A review's state as administrators read it, in their language.</summary>
    public static string Name(IStringLocalizer<AdminText> text, DoctorReview review)
    {
        ArgumentNullException.ThrowIfNull(text);
        return review switch
        {
            DoctorReview.Pending => text["New"],
            DoctorReview.AwaitingAnswer => text["Waiting for the doctor’s answer"],
            DoctorReview.Answered => text["Answered"],
            DoctorReview.Approved => text["Approved"],
            _ => text["Rejected"],
        };
    }
}
