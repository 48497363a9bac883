using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.DoctorTime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.HelpDesk;

/// <summary>Support moves a patient's appointment at their request: another free time of the same doctor and visit.</summary>
[Authorize(Policy = AccountPolicies.SupportAgent)]
public sealed class SupportMoveModel(SupportAccounts accounts, ActForPatient act, LoadSlotWeek loadSlotWeek) : PageModel
{
    public SupportAccountView Account { get; private set; } = null!;

    public SupportAppointment Appointment { get; private set; } = null!;

    public SlotWeek? Week { get; private set; }

    public string? ReasonError { get; private set; }

    public string? Problem { get; private set; }

    public Task<IActionResult> OnGetAsync(Guid id, Guid appointmentId, string? week, CancellationToken ct) => ShowAsync(id, appointmentId, week, ct);

    public async Task<IActionResult> OnPostAsync(Guid id, Guid appointmentId, string? start, string? reason, string? week, CancellationToken ct)
    {
        var outcome = await act.MoveAsync(User, id, appointmentId, new SupportMoveRequest(start, reason), ct);
        if (outcome.Problem is null) return Redirect($"/support/accounts/{id}?done=moved");
        var problem = outcome.Problem;
        if (problem.Errors?.TryGetValue("reason", out var reasonErrors) == true) ReasonError = reasonErrors[0];
        else Problem = problem.Errors is { Count: > 0 } errors ? string.Join(" ", errors.Values.Select(e => e[0])) : $"{problem.Title} {problem.Detail}";
        var page = await ShowAsync(id, appointmentId, week, ct);
        if (page is PageResult) Response.StatusCode = problem.Status;
        return page;
    }

    private async Task<IActionResult> ShowAsync(Guid id, Guid appointmentId, string? week, CancellationToken ct)
    {
        if (await accounts.FindAsync(User, id, ct) is not { IsPatient: true } account
            || account.Upcoming.FirstOrDefault(a => a.Id == appointmentId && a.Active) is not { } appointment)
        {
            return NotFound();
        }
        Account = account;
        Appointment = appointment;
        Week = await loadSlotWeek.HandleAsync(appointment.DoctorId, appointment.AppointmentTypeId, week, account.Id, ct);
        return Page();
    }
}
