using System.ComponentModel.DataAnnotations;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

public sealed record RescheduleRequest(string? Start, [DataType(DataType.MultilineText)] string? Reason);

/// <summary>
/// Where staff move an appointment — an administrator any, an absent doctor their own: a start, and the type it becomes
/// there — the visit's own, or a colleague's (the caller checked that the colleague may take it), which hands the visit over
/// to that doctor.
/// </summary>
/// <param name="Audit">An administrator's audit row, written in the move's own transaction.</param>
/// <param name="HandOver">
/// When the visit goes to a colleague: adds what the doctor who gives it up is told (the moved appointment, that doctor, the
/// start they gave up) to the move's own save.
/// </param>
public sealed record StaffMove(Instant Start, int AppointmentTypeId, string? Reason, AuditEvent? Audit,
    Func<Appointment, int, Instant, CancellationToken, Task>? HandOver = null);

/// <summary>
/// Moves an appointment to another free slot of the same doctor and type — or, for staff, of a colleague. One
/// row changes its time, so the new slot is taken and the old one freed in the same commit, or nothing changes.
/// </summary>
public sealed class RescheduleAppointment(CareSlotDb db, IClock clock, AppointmentTransaction transaction, DoctorTimeReader doctorTime,
    DoctorCacheEvictions evictions, IStringLocalizer<AppointmentsText> text)
{
    /// <param name="audit">A support agent's audit row, written in the move's own transaction.</param>
    public async Task<Outcome<Appointment>> HandleAsync(Viewer viewer, Guid id, RescheduleRequest request, CancellationToken ct, AuditEvent? audit = null)
    {
        if (!IsoTime.TryParse(request.Start, out var start)) return UseCaseProblem.Invalid("start", text["Choose the new time: {0}.", text[IsoTime.Expected]]);
        return await MoveAsync(viewer, id, start, typeId: null, request.Reason, audit, handOver: null, ct);
    }

    /// <summary>Staff's move, not bound by the patient's limits, but by every rule that keeps time from being taken twice.</summary>
    public Task<Outcome<Appointment>> HandleAsync(Viewer viewer, Guid id, StaffMove move, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(move);
        // A doctor only sees their own appointments (Viewer.Visible): they may hand one to a colleague while absent.
        if (viewer.Actor is not (Actor.Admin or Actor.Doctor)) throw new InvalidOperationException("Only staff move an appointment to another type or doctor.");
        return MoveAsync(viewer, id, move.Start, move.AppointmentTypeId, move.Reason, move.Audit, move.HandOver, ct);
    }

    private async Task<Outcome<Appointment>> MoveAsync(Viewer viewer, Guid id, Instant start, int? typeId, string? reason, AuditEvent? audit,
        Func<Appointment, int, Instant, CancellationToken, Task>? handOver, CancellationToken ct)
    {
        if (AppointmentChanges.CheckReason(viewer, reason, text) is { } invalid) return invalid;

        var parties = await viewer.Visible(db.Appointments).Where(a => a.Id == id).Select(a => new { a.PatientId, a.DoctorId, a.AppointmentTypeId })
            .FirstOrDefaultAsync(ct);
        if (parties is null) return AppointmentProblems.NotFound(text);
        var type = await db.AppointmentTypes.AsNoTracking().SingleOrDefaultAsync(t => t.Id == (typeId ?? parties.AppointmentTypeId), ct);
        if (type is null) return UseCaseProblem.Invalid("appointmentTypeId", text["Choose one of the appointment types offered."]);

        var now = clock.GetCurrentInstant();
        // The doctor who takes the time is locked; the one who gives it up (a colleague's move) only has their availability marked stale.
        var locks = AppointmentLocks.TakingTime(type.DoctorId, parties.PatientId, now, usePatientHolds: false, changesAvailability: true) with { Audit = audit };
        return await transaction.RunAsync(locks, async () =>
        {
            var found = await AppointmentChanges.FindAsync(db, viewer, id, text, ct);
            if (found.Problem is not null) return found.Problem;
            var (appointment, clinic) = found.Value;
            var previousDoctorId = appointment.DoctorId;
            if (AppointmentChanges.NotActive(appointment, text) is { } inactive) return inactive;
            if (AppointmentChanges.PastPatientDeadline(viewer, appointment, clinic, clinic.Policy.RescheduleLimitHours, cancelling: false, now, text) is { } late) return late;
            if (viewer.Actor is Actor.Patient or Actor.Support && appointment.RescheduleCount >= clinic.Policy.MaxReschedules)
            {
                return new UseCaseProblem(StatusCodes.Status409Conflict, text["This appointment cannot be moved again."],
                    text["{0} allows an appointment to be moved {1} times. Cancel it and book a new one, or call {2}.", clinic.Name, clinic.Policy.MaxReschedules, clinic.Phone])
                {
                    Extensions = { ["clinicPhone"] = clinic.Phone, ["limit"] = clinic.Policy.MaxReschedules },
                };
            }
            if (start == appointment.Start && type.DoctorId == previousDoctorId) return UseCaseProblem.Invalid("start", text["Choose a time different from the current one."]);

            var calendar = await doctorTime.CalendarAsync(type.DoctorId, start, start + type.Duration, now,
                viewer: appointment.PatientId, ignoring: appointment.Id, ct);
            // A colleague takes the visit over at its own clinic: the patient's trip stays the same.
            if (calendar.ClinicWithFreeSlot(type, now, start) is not { } place || (type.DoctorId != previousDoctorId && place.ClinicId != appointment.ClinicId))
            {
                return AppointmentProblems.SlotTaken(text);
            }
            if (await BookAppointment.PatientIsBusyAsync(db, appointment.PatientId, start, start + type.Duration, appointment.Id, ct))
            {
                return AppointmentProblems.PatientBusy(text);
            }

            var previousStart = appointment.Start;
            appointment.Reschedule(start, place.ClinicId, type, viewer.Actor, viewer.AccountId, reason?.Trim(), now);
            if (previousDoctorId != type.DoctorId)
            {
                await RefreshAvailability.MarkStaleAsync(db, previousDoctorId, ct);
                // The save's interceptor evicts the busy time of the doctor the row names now; the one it named before changes too.
                evictions.EvictBusyTime(previousDoctorId);
                if (handOver is not null) await handOver(appointment, previousDoctorId, previousStart, ct);
            }
            // With the patient's (and, when the patient moved it, the doctor's) notice and new reminders; the old ones are withdrawn.
            await transaction.SaveAsync(ct);
            return new Outcome<Appointment>(appointment, null);
        }, ct);
    }
}
