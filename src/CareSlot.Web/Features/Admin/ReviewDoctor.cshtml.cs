using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Admin.Accounts;
using CareSlot.Web.Features.Admin.Doctors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin;

/// <summary>The approval's form: the administrator's "I checked the licence".</summary>
public sealed class ApprovalInput
{
    public bool Confirm { get; set; }
}

/// <summary>
/// One doctor's registration: the facts to check, the review so far, and the three decisions — approve, reject with a reason,
/// ask a question — each confirmed with a box, so nothing happens on one careless click, with or without JavaScript.
/// </summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class ReviewDoctorModel(DoctorReviews queue, DoctorReviewSteps steps, IStringLocalizer<AdminText> text) : PageModel
{
    public DoctorInReview Doctor { get; private set; } = null!;

    [BindProperty] public ApprovalInput Approval { get; set; } = new();

    /// <summary>The rejection's form: its <see cref="AccountActionInput.Reason"/> is the reason the doctor reads.</summary>
    [BindProperty] public AccountActionInput Rejection { get; set; } = new();

    /// <summary>The question's form: its <see cref="AccountActionInput.Reason"/> is the question.</summary>
    [BindProperty] public AccountActionInput Question { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostApproveAsync(int id, [FromServices] ApproveDoctor approve, CancellationToken ct) =>
        DecideAsync(id, nameof(Approval), Approval.Confirm, null, () => approve.HandleAsync(User, id, ct),
            text["Approved: the doctor is now listed in the directory and has been told by e-mail."], ct);

    public Task<IActionResult> OnPostRejectAsync(int id, [FromServices] RejectDoctor reject, CancellationToken ct) =>
        DecideAsync(id, nameof(Rejection), Rejection.Confirm,
            steps.CheckText("reason", Rejection.Reason, text["Give the reason: the doctor will read it."]).Problem,
            () => reject.HandleAsync(User, id, new DoctorRejectionRequest(Rejection.Reason), ct),
            text["Rejected: the doctor has been told why by e-mail."], ct);

    public Task<IActionResult> OnPostAskAsync(int id, [FromServices] AskDoctor ask, CancellationToken ct) =>
        DecideAsync(id, nameof(Question), Question.Confirm,
            steps.CheckText("question", Question.Reason, text["Write the question for the doctor."]).Problem,
            () => ask.HandleAsync(User, id, new DoctorQuestionRequest(Question.Reason), ct),
            text["Asked: the doctor has been e-mailed the question and comes back to the queue when they answer."], ct);

    /// <param name="form">The form's prefix in the page, under which its errors are shown.</param>
    /// <param name="textProblem">What is wrong with the form's text, found before acting so that both problems show at once.</param>
    private async Task<IActionResult> DecideAsync(int id, string form, bool confirmed, UseCaseProblem? textProblem,
        Func<Task<Outcome<DoctorDecisionResult>>> decide, string done, CancellationToken ct)
    {
        var reasonField = $"{form}.{nameof(AccountActionInput.Reason)}";
        if (!confirmed) ModelState.AddModelError($"{form}.{nameof(AccountActionInput.Confirm)}", text["Tick the box to confirm."]);
        if (textProblem is not null && ModelState.GetFieldValidationState(reasonField) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
        {
            ModelState.AddModelError(reasonField, textProblem.Detail);
        }
        var status = StatusCodes.Status400BadRequest;
        if (ModelState.IsValid)
        {
            var outcome = await decide();
            if (outcome.Problem is not { } problem)
            {
                TempData["Message"] = done;
                return LocalRedirect("/admin/doctors/pending");
            }
            if (problem.Status == StatusCodes.Status404NotFound) return NotFound();
            status = problem.Status;
            if (problem.Errors is { } errors) ModelState.AddModelError(reasonField, errors.Values.First()[0]);
            else ModelState.AddModelError("", problem.Detail);
        }
        if (!await LoadAsync(id, ct)) return NotFound();
        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await queue.FindAsync(id, ct) is not { } doctor) return false;
        Doctor = doctor;
        return true;
    }
}
