using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Admin.Schedule;

/// <param name="OnBehalfOf">"patient" or "doctor": who asked the administrator, kept in the audit row.</param>
public sealed record OnBehalfCancelRequest(string? OnBehalfOf, [property: DataType(DataType.MultilineText)] string? Reason);

/// <param name="AppointmentTypeId">The appointment's own type (the default), or a colleague's from its free slots, which hands it over.</param>
/// <param name="Start">An ISO-8601 time with offset, one of the target's free slots.</param>
public sealed record OnBehalfMoveRequest(string? OnBehalfOf, int? AppointmentTypeId, string? Start,
    [property: DataType(DataType.MultilineText)] string? Reason);

/// <summary>What an administrator's change did: the appointment's status and where it is now.</summary>
public sealed record AppointmentActionResult(Guid Id, string Status, string Start, int DoctorId, int ClinicId);

/// <summary>
/// An administrator cancels or moves an appointment on behalf of its patient or doctor. These reuse the appointment's own
/// use cases (<see cref="CancelAppointment"/>, <see cref="RescheduleAppointment"/>) with the administrator as the viewer: the
/// same locks, conflict checks, history and messages, no patient limits; the audit row commits with the change.
/// </summary>
public sealed class ActOnBehalf(CareSlotDb db, IClock clock, CancelAppointment cancel, RescheduleAppointment reschedule, MoveTargets targets,
    HandOverNotices handOvers, IStringLocalizer<AdminText> text)
{
    public const string Patient = "patient", Doctor = "doctor";

    public async Task<Outcome<AppointmentActionResult>> CancelAsync(ClaimsPrincipal admin, Guid id, OnBehalfCancelRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var side = Side(request.OnBehalfOf, errors);
        CheckReason(request.Reason, errors);
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        if (await AdminViewerAsync(admin, ct) is not { } viewer) return NotFound();

        var audit = new AuditEvent(AuditActions.AppointmentCancelledByAdmin, AuditOutcome.Allowed, Record: $"appointment {id:D} on behalf of {side}");
        return Result(await cancel.HandleAsync(viewer, id, new CancelAppointmentRequest(request.Reason), ct, audit));
    }

    public async Task<Outcome<AppointmentActionResult>> MoveAsync(ClaimsPrincipal admin, Guid id, OnBehalfMoveRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var side = Side(request.OnBehalfOf, errors);
        if (!IsoTime.TryParse(request.Start, out var start)) errors["start"] = [text["Choose one of the free slots."]];
        CheckReason(request.Reason, errors);
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        if (await AdminViewerAsync(admin, ct) is not { } viewer) return NotFound();
        return await MoveAsync(viewer, id, request.AppointmentTypeId, start, request.Reason!, side!, ct);
    }

    /// <summary>
    /// A checked move, also the absence's bulk move: an administrator's on behalf of the doctor (audited; the doctor who
    /// gives the visit up is told), or the absent doctor's own.
    /// </summary>
    internal async Task<Outcome<AppointmentActionResult>> MoveAsync(Viewer viewer, Guid id, int? typeId, Instant start, string reason, string side,
        CancellationToken ct)
    {
        var appointment = await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (appointment is null) return NotFound();
        var type = typeId ?? appointment.AppointmentTypeId;
        if (!await targets.AllowsAsync(appointment, type, ct))
        {
            return UseCaseProblem.Invalid("appointmentTypeId", text["Choose the appointment's own type, or a colleague's at the same clinic with a specialty in common and the same length."]);
        }
        if (viewer.Actor != Actor.Admin) return Result(await reschedule.HandleAsync(viewer, id, new StaffMove(start, type, reason, Audit: null), ct));
        var audit = new AuditEvent(AuditActions.AppointmentMovedByAdmin, AuditOutcome.Allowed, Record: $"appointment {id:D} on behalf of {side}");
        // The doctor who gives the visit up to a colleague is told, as a cancellation would tell them.
        var move = new StaffMove(start, type, reason, audit, (moved, fromDoctorId, previousStart, token) =>
            handOvers.QueueAsync(fromDoctorId, moved.DoctorId, moved.Id, moved.PatientId, previousStart, appointment.ClinicId, clock.GetCurrentInstant(), token));
        return Result(await reschedule.HandleAsync(viewer, id, move, ct));
    }

    /// <summary>The absence's bulk cancellation, checked by its caller: an administrator's on behalf of the doctor (audited), or the doctor's own.</summary>
    internal async Task<Outcome<AppointmentActionResult>> CancelAsync(Viewer viewer, Guid id, string reason, string side, CancellationToken ct)
    {
        var audit = viewer.Actor != Actor.Admin ? null
            : new AuditEvent(AuditActions.AppointmentCancelledByAdmin, AuditOutcome.Allowed, Record: $"appointment {id:D} on behalf of {side}");
        return Result(await cancel.HandleAsync(viewer, id, new CancelAppointmentRequest(reason), ct, audit));
    }

    private async Task<Viewer?> AdminViewerAsync(ClaimsPrincipal admin, CancellationToken ct) =>
        await Viewer.FromAsync(admin, db, ct) is { Actor: Actor.Admin } viewer ? viewer : null;

    /// <summary>The reason's checks as the appointment's use cases make them, reported with the other fields' in one answer.</summary>
    internal void CheckReason(string? reason, Dictionary<string, string[]> errors)
    {
        var trimmed = reason?.Trim();
        if (string.IsNullOrEmpty(trimmed)) errors["reason"] = [text["Give the reason: the patient is sent it, and other administrators read it."]];
        else if (trimmed.Length > AppointmentChanges.ReasonMaxLength) errors["reason"] = [text["Keep the reason under {0} characters.", AppointmentChanges.ReasonMaxLength]];
    }

    private string? Side(string? value, Dictionary<string, string[]> errors)
    {
        var side = value?.Trim().ToLowerInvariant();
        if (side is Patient or Doctor) return side;
        errors["onBehalfOf"] = [text["Say on whose behalf you act: the patient's or the doctor's."]];
        return null;
    }

    private UseCaseProblem NotFound() => UseCaseProblem.NotFound(text["Appointment not found."], text["There is no appointment with that id."]);

    private static Outcome<AppointmentActionResult> Result(Outcome<Appointment> outcome)
    {
        if (outcome.Problem is { } problem) return problem;
        var a = outcome.Value!;
        return new Outcome<AppointmentActionResult>(new AppointmentActionResult(a.Id, StatusNames.Api(a.Status), IsoTime.Format(a.Start, DateTimeZone.Utc),
            a.DoctorId, a.ClinicId), null);
    }
}
