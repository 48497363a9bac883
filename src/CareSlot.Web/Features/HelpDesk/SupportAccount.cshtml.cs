using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.HelpDesk;

/// <summary>One patient or doctor as support sees them, with what support may do for them: verification, and their appointments.</summary>
[Authorize(Policy = AccountPolicies.SupportAgent)]
public sealed class SupportAccountModel(SupportAccounts accounts, ActForPatient act, IStringLocalizer<HelpDeskText> text) : PageModel
{
    public SupportAccountView View { get; private set; } = null!;

    public string? Notice { get; private set; }

    /// <summary>The appointment whose cancellation was refused, and why: shown next to its reason field.</summary>
    public (Guid AppointmentId, string Message)? CancelError { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? done, CancellationToken ct)
    {
        Notice = done switch
        {
            "booked" => text["The appointment is booked. The patient and the doctor are told."].Value,
            "moved" => text["The appointment is moved. The patient and the doctor are told."].Value,
            "cancelled" => text["The appointment is cancelled. The patient and the doctor are told."].Value,
            _ => null,
        };
        return await ShowAsync(id, ct);
    }

    public async Task<IActionResult> OnPostVerificationAsync(Guid id, CancellationToken ct)
    {
        var outcome = await act.ResendVerificationAsync(User, id, ct);
        if (outcome.Problem is { Status: StatusCodes.Status404NotFound }) return NotFound();
        if (outcome.Problem is { } problem)
        {
            Problem = $"{problem.Title} {problem.Detail}";
            Response.StatusCode = problem.Status;
        }
        else
        {
            var sent = outcome.Value!;
            Notice = sent.Email && sent.Sms ? text["A new verification link and SMS code are on their way."]
                : sent.Email ? text["A new verification link is on its way."]
                : text["A new SMS code is on its way."];
        }
        return await ShowAsync(id, ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, Guid appointmentId, string? reason, CancellationToken ct)
    {
        var outcome = await act.CancelAsync(User, id, appointmentId, new SupportCancelRequest(reason), ct);
        if (outcome.Problem is null) return Redirect($"/support/accounts/{id}?done=cancelled");
        if (outcome.Problem.Status == StatusCodes.Status404NotFound && await accounts.FindAsync(User, id, ct) is null) return NotFound();
        var problem = outcome.Problem;
        CancelError = (appointmentId, problem.Errors?.TryGetValue("reason", out var errors) == true ? errors[0] : $"{problem.Title} {problem.Detail}");
        var page = await ShowAsync(id, ct);
        if (page is PageResult) Response.StatusCode = problem.Status;
        return page;
    }

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken ct)
    {
        if (await accounts.FindAsync(User, id, ct) is not { } view) return NotFound();
        View = view;
        return Page();
    }
}
