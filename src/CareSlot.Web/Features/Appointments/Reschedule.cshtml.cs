using System.ComponentModel.DataAnnotations;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Appointments;

[Authorize(Policy = AccountPolicies.PatientOrStaffWithSecondFactor)]
public sealed class RescheduleModel(CareSlotDb db, AppointmentQueries queries, LoadSlotWeek loadSlotWeek, RescheduleAppointment reschedule) : PageModel
{
    public Viewer Viewer { get; private set; } = null!;
    public AppointmentView Appointment { get; private set; } = null!;
    public SlotWeek? Week { get; private set; }
    public string? Problem { get; private set; }
    public string? ReasonError { get; private set; }

    public Task<IActionResult> OnGetAsync(Guid id, string? week, CancellationToken ct) => ShowAsync(id, week, ct);

    public async Task<IActionResult> OnPostAsync(Guid id, string? start, [DataType(DataType.MultilineText)] string? reason, string? week,
        CancellationToken ct)
    {
        if (await Viewer.FromAsync(User, db, ct) is not { } viewer) return Forbid();
        var outcome = ModelState.IsValid
            ? await reschedule.HandleAsync(viewer, id, new RescheduleRequest(start, reason), ct)
            : UseCaseProblem.Invalid(ModelState.Where(e => e.Value!.Errors.Count > 0)
                .ToDictionary(e => e.Key, e => new[] { e.Value!.Errors[0].ErrorMessage }));
        if (outcome.Problem is null) return Redirect($"/appointments/{id}?moved=true");

        var problem = outcome.Problem;
        if (!ModelState.IsValid) week = null; // a refused week is no week to show
        if (problem.Errors?.TryGetValue("reason", out var reasonErrors) == true) ReasonError = reasonErrors[0];
        else Problem = $"{problem.Title} {problem.Detail}";
        var page = await ShowAsync(viewer, id, week, ct);
        if (page is PageResult) Response.StatusCode = problem.Status;
        return page;
    }

    private async Task<IActionResult> ShowAsync(Guid id, string? week, CancellationToken ct) =>
        await Viewer.FromAsync(User, db, ct) is { } viewer ? await ShowAsync(viewer, id, week, ct) : Forbid();

    private async Task<IActionResult> ShowAsync(Viewer viewer, Guid id, string? week, CancellationToken ct)
    {
        Viewer = viewer;
        if (await queries.FindAsync(viewer, id, showReason: false, ct) is not { } details) return NotFound();
        Appointment = details.Appointment;
        Week = await loadSlotWeek.HandleAsync(Appointment.DoctorId, Appointment.AppointmentTypeId, week, Appointment.PatientId, ct);
        return Page();
    }

    public bool IsStaff => Viewer.Actor != Actor.Patient;
}
