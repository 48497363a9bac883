using System.ComponentModel.DataAnnotations;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Reviews;

/// <summary>
/// "My reviews": a patient's own reviews in every state, each withdrawable; a doctor's published reviews of them, each with
/// its reply or a form for the one reply; administrators are pointed to the moderation queue.
/// </summary>
[Authorize(Policy = AccountPolicies.PatientOrStaffWithSecondFactor)]
public sealed class MineModel(CareSlotDb db, ReviewQueries queries, WithdrawReview withdraw, ReplyToReview replyToReview) : PageModel
{
    public Viewer Viewer { get; private set; } = null!;
    public IReadOnlyList<MyReview> Mine { get; private set; } = [];
    public IReadOnlyList<PublicReview> OfMe { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public bool Written { get; set; }

    public string? Message { get; private set; }

    /// <summary>The review whose reply form was refused, its words kept and its error shown beside it.</summary>
    public Guid? RefusedReview { get; private set; }

    public string? RefusedReply { get; private set; }
    public string? ReplyError { get; private set; }
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Written) Message = "written";
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid reviewId, CancellationToken ct)
    {
        var outcome = await withdraw.HandleAsync(User, reviewId, ct);
        if (outcome.Problem is { Status: StatusCodes.Status404NotFound }) return NotFound();
        if (outcome.Problem is { } problem)
        {
            Problem = $"{problem.Title} {problem.Detail}";
            Response.StatusCode = problem.Status;
        }
        else
        {
            Message = "withdrawn";
        }
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostReplyAsync(Guid reviewId, [DataType(DataType.MultilineText)] string? reply, CancellationToken ct)
    {
        var outcome = await replyToReview.HandleAsync(User, reviewId, new ReplyToReviewRequest(reply), ct);
        if (outcome.Problem is { Status: StatusCodes.Status404NotFound }) return NotFound();
        if (outcome.Problem is { } problem)
        {
            RefusedReview = reviewId;
            RefusedReply = reply;
            ReplyError = problem.Errors?.Values.FirstOrDefault()?.FirstOrDefault() ?? $"{problem.Title} {problem.Detail}";
            Response.StatusCode = problem.Status;
        }
        else
        {
            Message = "replied";
        }
        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        if (await Viewer.FromAsync(User, db, ct) is not { } viewer) return Forbid();
        Viewer = viewer;
        if (viewer.Actor == Actor.Patient) Mine = await queries.MineAsync(viewer, ct);
        if (viewer.Actor == Actor.Doctor) OfMe = await queries.OfDoctorAsync(viewer, ct);
        return Page();
    }
}
