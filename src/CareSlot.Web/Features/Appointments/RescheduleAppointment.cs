using System.ComponentModel.DataAnnotations;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

public sealed record RescheduleRequest(string? Start, [DataType(DataType.MultilineText)] string? Reason);

/// <summary>
/// Moves an appointment to another free slot of the same doctor and type. One row changes its time,
/// so the new slot is taken and the old one freed in the same commit, or nothing changes.
/// </summary>
public sealed class RescheduleAppointment(CareSlotDb db, IClock clock, AppointmentTransaction transaction, DoctorTimeReader doctorTime,
    IStringLocalizer<AppointmentsText> text)
{
    public async Task<Outcome<Appointment>> HandleAsync(Viewer viewer, Guid id, RescheduleRequest request, CancellationToken ct)
    {
        if (!IsoTime.TryParse(request.Start, out var start)) return UseCaseProblem.Invalid("start", text["Choose the new time: {0}.", text[IsoTime.Expected]]);
        if (AppointmentChanges.CheckReason(viewer, request.Reason, text) is { } invalid) return invalid;

        var parties = await viewer.Visible(db.Appointments).Where(a => a.Id == id).Select(a => new { a.PatientId, a.DoctorId }).FirstOrDefaultAsync(ct);
        if (parties is null) return AppointmentProblems.NotFound(text);

        var now = clock.GetCurrentInstant();
        return await transaction.RunAsync(AppointmentLocks.TakingTime(parties.DoctorId, parties.PatientId, now, usePatientHolds: false, changesAvailability: true), async () =>
        {
            var found = await AppointmentChanges.FindAsync(db, viewer, id, text, ct);
            if (found.Problem is not null) return found.Problem;
            var (appointment, clinic) = found.Value;
            if (AppointmentChanges.NotActive(appointment, text) is { } inactive) return inactive;
            if (AppointmentChanges.PastPatientDeadline(viewer, appointment, clinic, clinic.Policy.RescheduleLimitHours, cancelling: false, now, text) is { } late) return late;
            if (viewer.Actor == Actor.Patient && appointment.RescheduleCount >= clinic.Policy.MaxReschedules)
            {
                return new UseCaseProblem(StatusCodes.Status409Conflict, text["This appointment cannot be moved again."],
                    text["{0} allows an appointment to be moved {1} times. Cancel it and book a new one, or call {2}.", clinic.Name, clinic.Policy.MaxReschedules, clinic.Phone])
                {
                    Extensions = { ["clinicPhone"] = clinic.Phone, ["limit"] = clinic.Policy.MaxReschedules },
                };
            }
            if (start == appointment.Start) return UseCaseProblem.Invalid("start", text["Choose a time different from the current one."]);

            var type = await db.AppointmentTypes.AsNoTracking().SingleAsync(t => t.Id == appointment.AppointmentTypeId, ct);
            var calendar = await doctorTime.CalendarAsync(appointment.DoctorId, start, start + type.Duration, now,
                viewer: appointment.PatientId, ignoring: appointment.Id, ct);
            if (calendar.ClinicWithFreeSlot(type, now, start) is not { } place)
            {
                return AppointmentProblems.SlotTaken(text);
            }
            if (await BookAppointment.PatientIsBusyAsync(db, appointment.PatientId, start, start + type.Duration, appointment.Id, ct))
            {
                return AppointmentProblems.PatientBusy(text);
            }

            appointment.Reschedule(start, place.ClinicId, type, viewer.Actor, viewer.AccountId, request.Reason?.Trim(), now);
            // With the patient's (and, when the patient moved it, the doctor's) notice and new reminders; the old ones are withdrawn.
            await transaction.SaveAsync(ct);
            return new Outcome<Appointment>(appointment, null);
        }, ct);
    }
}
