using System.ComponentModel.DataAnnotations;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Reviews;

/// <summary>
/// "Rate this visit", linked from a completed visit's page: 1–5 stars and optional words, held for moderation. Someone
/// else's appointment is 404; a visit not completed, or rated already, says so instead of the form.
/// </summary>
[Authorize(Policy = AccountPolicies.Patient)]
public sealed class RateModel(CareSlotDb db, ReviewQueries queries, WriteReview write) : PageModel
{
    public RateableVisit Visit { get; private set; } = null!;

    [BindProperty]
    public RateInput Input { get; set; } = new();

    public sealed class RateInput
    {
        public int? Rating { get; set; }

        [DataType(DataType.MultilineText)]
        public string? Text { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused) return refused;
        if (!ModelState.IsValid) return Invalid(StatusCodes.Status400BadRequest);
        var outcome = await write.HandleAsync(User, new WriteReviewRequest(id, Input.Rating, Input.Text), ct);
        if (outcome.Problem is { } problem)
        {
            if (problem.Status == StatusCodes.Status404NotFound) return NotFound();
            ModelState.AddProblem(problem);
            return Invalid(problem.Status);
        }
        return LocalRedirect("/account/reviews?written=true");
    }

    private PageResult Invalid(int status)
    {
        Response.StatusCode = status;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await queries.RateableAsync(await Viewer.FromAsync(User, db, ct), id, ct) is not { } visit) return NotFound();
        Visit = visit;
        return null;
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;

    public static readonly IReadOnlyList<string> FieldOrder = ["Input.Rating", "Input.Text"];
}
