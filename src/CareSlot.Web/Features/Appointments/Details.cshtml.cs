using System.ComponentModel.DataAnnotations;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

/// <summary>
/// One appointment: the confirmation page after booking, the page e-mailed links open, and where
/// patients cancel and doctors record what happened. Every refusal comes from the use case, so the
/// page cannot be more lenient than the API.
/// </summary>
[Authorize(Policy = AccountPolicies.PatientOrStaffWithSecondFactor)]
public sealed class DetailsModel(CareSlotDb db, AppointmentQueries queries, CancelAppointment cancel, ChangeAppointmentStatus changeStatus,
    IClock clock, IStringLocalizer<AppointmentsText> text) : PageModel
{
    public Viewer Viewer { get; private set; } = null!;
    public AppointmentDetails Details { get; private set; } = null!;
    public AppointmentView Appointment => Details.Appointment;
    public bool HasStarted { get; private set; }

    [FromQuery(Name = "booked")]
    public bool JustBooked { get; set; }

    [FromQuery(Name = "moved")]
    public bool JustMoved { get; set; }

    public string? Message { get; private set; }
    public string? Problem { get; private set; }

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => ShowAsync(id, ct);

    public async Task<IActionResult> OnPostCancelAsync(Guid id, [DataType(DataType.MultilineText)] string? reason, CancellationToken ct)
    {
        if (await Viewer.FromAsync(User, db, ct) is not { } viewer) return Forbid();
        if (!ModelState.IsValid) return await RefusedFormAsync(viewer, id, ct);
        var outcome = await cancel.HandleAsync(viewer, id, new CancelAppointmentRequest(reason), ct);
        return await AfterChangeAsync(viewer, id, outcome, text["The appointment is cancelled."], ct);
    }

    public async Task<IActionResult> OnPostStatusAsync(Guid id, string? status, [DataType(DataType.MultilineText)] string? reason, CancellationToken ct)
    {
        if (await Viewer.FromAsync(User, db, ct) is not { } viewer) return Forbid();
        if (!ModelState.IsValid) return await RefusedFormAsync(viewer, id, ct);
        var outcome = await changeStatus.HandleAsync(viewer, id, new ChangeStatusRequest(status, reason), ct);
        return await AfterChangeAsync(viewer, id, outcome, outcome.Value is { } changed ? AppointmentChanges.IsNow(changed.Status, text) : "", ct);
    }

    private async Task<IActionResult> AfterChangeAsync(Viewer viewer, Guid id, Outcome<Appointment> outcome, string message, CancellationToken ct)
    {
        if (outcome.Problem is { } problem)
        {
            if (problem.Errors?.TryGetValue("reason", out var reasonErrors) == true) ModelState.AddModelError("reason", reasonErrors[0]);
            else Problem = $"{problem.Title} {problem.Detail}";
            var page = await ShowAsync(viewer, id, ct);
            if (page is PageResult) Response.StatusCode = problem.Status;
            return page;
        }
        Message = message;
        return await ShowAsync(viewer, id, ct);
    }

    /// <summary>A form field the binder refused: the reason's problem shows next to it, anything else above the form.</summary>
    private async Task<IActionResult> RefusedFormAsync(Viewer viewer, Guid id, CancellationToken ct)
    {
        if (ModelState.Where(e => e.Key != "reason" && e.Value!.Errors.Count > 0).Select(e => e.Value!.Errors[0].ErrorMessage).FirstOrDefault() is { } other)
        {
            Problem = text["The change is not saved. {0}", other];
        }
        var page = await ShowAsync(viewer, id, ct);
        if (page is PageResult) Response.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken ct) =>
        await Viewer.FromAsync(User, db, ct) is { } viewer ? await ShowAsync(viewer, id, ct) : Forbid();

    private async Task<IActionResult> ShowAsync(Viewer viewer, Guid id, CancellationToken ct)
    {
        Viewer = viewer;
        if (await queries.FindAsync(viewer, id, ct) is not { } details) return NotFound();
        Details = details;
        HasStarted = clock.GetCurrentInstant() >= Appointment.LocalStart.ToInstant();
        return Page();
    }

    public bool IsActive => StatusNames.TryParseApi(Appointment.Status, out var status) && status.IsActive();

    /// <summary>A time of the appointment's API view as the page shows it, in the clinic's zone.</summary>
    public string Moment(string iso) => IsoTime.TryParse(iso, out var instant) ? ClinicTime.ShortDayAndClock(instant.InZone(Appointment.LocalStart.Zone)) : iso;
    public bool IsStaff => Viewer.Actor != Actor.Patient;
}
