using System.ComponentModel.DataAnnotations;
using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin.Accounts;

/// <summary>One action's form: the reason and the administrator's "I confirm" (for a two-factor reset: "I checked who asked").</summary>
public sealed class AccountActionInput
{
    [DataType(DataType.MultilineText)]
    public string? Reason { get; set; }

    public bool Confirm { get; set; }
}

/// <summary>
/// One account: profile, status and activity, and the administrators' actions on it. Each action is a form with a reason and
/// a confirmation box, so nothing happens on one careless click, with or without JavaScript.
/// </summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class AccountModel(AccountProfile profiles, AccountActionSteps steps, IStringLocalizer<AdminText> text) : PageModel
{
    public AccountDetails Account { get; private set; } = null!;

    [BindProperty] public AccountActionInput Suspension { get; set; } = new();
    [BindProperty] public AccountActionInput Reactivation { get; set; } = new();
    [BindProperty] public AccountActionInput PasswordReset { get; set; } = new();
    [BindProperty] public AccountActionInput TwoFactor { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostSuspendAsync(Guid id, [FromServices] SuspendAccount suspend, CancellationToken ct) =>
        ActAsync(id, nameof(Suspension), Suspension, input => suspend.HandleAsync(User, id, new AccountActionRequest(input.Reason), ct),
            text["The account is suspended: its sessions have ended and it cannot sign in."], ct);

    public Task<IActionResult> OnPostReactivateAsync(Guid id, [FromServices] ReactivateAccount reactivate, CancellationToken ct) =>
        ActAsync(id, nameof(Reactivation), Reactivation, input => reactivate.HandleAsync(User, id, new AccountActionRequest(input.Reason), ct),
            text["The account is reactivated: its owner can sign in again."], ct);

    public Task<IActionResult> OnPostForcePasswordResetAsync(Guid id, [FromServices] ForcePasswordReset force, CancellationToken ct) =>
        ActAsync(id, nameof(PasswordReset), PasswordReset, input => force.HandleAsync(User, id, new AccountActionRequest(input.Reason), ct),
            text["The password no longer works and the sessions have ended. The owner has been e-mailed a link to choose a new one."], ct);

    public Task<IActionResult> OnPostResetTwoFactorAsync(Guid id, [FromServices] ResetTwoFactor reset, CancellationToken ct) =>
        ActAsync(id, nameof(TwoFactor), TwoFactor, input => reset.HandleAsync(User, id, new TwoFactorResetRequest(input.Reason, input.Confirm), ct),
            text["Two-factor authentication is off, the recovery codes are gone and the sessions have ended. The owner has been told by e-mail."], ct,
            confirmedByUseCase: true);

    /// <param name="form">The form's prefix in the page (<c>Suspension</c>), under which its errors are shown.</param>
    /// <param name="confirmedByUseCase">The checkbox is the use case's own input (identity checked), which it checks itself.</param>
    private async Task<IActionResult> ActAsync(Guid id, string form, AccountActionInput input, Func<AccountActionInput, Task<Outcome<AccountActionResult>>> act,
        string done, CancellationToken ct, bool confirmedByUseCase = false)
    {
        if (!confirmedByUseCase && !input.Confirm && ModelState.IsValid)
        {
            // Both problems at once, so nobody corrects one field only to learn about the other.
            ModelState.AddModelError($"{form}.{nameof(AccountActionInput.Confirm)}", text["Tick the box to confirm."]);
            if (steps.CheckReason(input.Reason).Problem is { } reasonProblem) ModelState.AddModelError($"{form}.{nameof(AccountActionInput.Reason)}", reasonProblem.Detail);
        }
        var status = StatusCodes.Status400BadRequest;
        if (ModelState.IsValid)
        {
            var outcome = await act(input);
            if (outcome.Problem is null)
            {
                Message = done;
                return RedirectToPage(new { id });
            }
            if (outcome.Problem.Status == StatusCodes.Status404NotFound) return NotFound();
            status = outcome.Problem.Status;
            if (outcome.Problem.Errors is { } errors)
            {
                foreach (var (field, messages) in errors)
                {
                    var name = field == "identityChecked" ? nameof(AccountActionInput.Confirm) : nameof(AccountActionInput.Reason);
                    ModelState.AddModelError($"{form}.{name}", messages[0]);
                }
            }
            else
            {
                ModelState.AddModelError("", outcome.Problem.Detail);
            }
        }
        if (!await LoadAsync(id, ct)) return NotFound();
        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await profiles.FindAsync(id, ct) is not { } account) return false;
        Account = account;
        return true;
    }
}
