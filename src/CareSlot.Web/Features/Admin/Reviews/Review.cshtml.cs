using System.ComponentModel.DataAnnotations;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Reviews;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Admin.Reviews;

/// <summary>
/// One review for its moderator: the rating, the words with the blocked ones marked (as text, never markup), the patient, and
/// Approve / Reject (with an optional reason the patient reads). Refusals come from the use case, as the API's do.
/// </summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class ReviewModel(CareSlotDb db, ReviewQueries queries, ModerateReview moderate, BlockedWords blocked) : PageModel
{
    public ModerationView View { get; private set; } = null!;
    public IReadOnlyList<TextPiece> Pieces { get; private set; } = [];

    [BindProperty]
    public RejectInput Input { get; set; } = new();

    public sealed class RejectInput
    {
        [DataType(DataType.MultilineText)]
        public string? Reason { get; set; }
    }

    [TempData]
    public string? Message { get; set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(id, await moderate.ApproveAsync(User, id, ct), "approved", ct);

    public async Task<IActionResult> OnPostRejectAsync(Guid id, CancellationToken ct)
    {
        if (!ModelState.IsValid) return await RefusedAsync(id, StatusCodes.Status400BadRequest, ct);
        return await AfterAsync(id, await moderate.RejectAsync(User, id, new RejectReviewRequest(Input.Reason), ct), "rejected", ct);
    }

    private async Task<IActionResult> AfterAsync(Guid id, Outcome<Review> outcome, string message, CancellationToken ct)
    {
        if (outcome.Problem is { Status: StatusCodes.Status404NotFound }) return NotFound();
        if (outcome.Problem is { } problem)
        {
            if (problem.Errors is not null) ModelState.AddProblem(problem);
            else Problem = $"{problem.Title} {problem.Detail}";
            return await RefusedAsync(id, problem.Status, ct);
        }
        Message = message;
        return LocalRedirect($"/admin/reviews/{id}");
    }

    private async Task<IActionResult> RefusedAsync(Guid id, int status, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await queries.ForModeratorAsync(await Viewer.FromAsync(User, db, ct), id, ct) is not { } view) return false;
        View = view;
        Pieces = blocked.Split(view.Text);
        return true;
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
