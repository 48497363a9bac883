using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

public sealed record HoldSlotRequest(int? DoctorId, int? AppointmentTypeId, string? Start);

/// <summary>
/// Keeps a slot for one patient for five minutes while they confirm. A patient holds one slot per
/// doctor at a time: choosing another replaces the first.
/// </summary>
public sealed class HoldSlot(CareSlotDb db, IClock clock)
{
    public async Task<Outcome<SlotHold>> HandleAsync(Guid patientId, HoldSlotRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.DoctorId is null) errors["doctorId"] = ["Choose a doctor."];
        if (request.AppointmentTypeId is null) errors["appointmentTypeId"] = ["Choose the kind of visit."];
        if (!IsoTime.TryParse(request.Start, out var start)) errors["start"] = [$"Choose a time: {IsoTime.Expected}."];
        if (errors.Count > 0) return AppointmentProblem.Invalid(errors);

        var doctorId = request.DoctorId!.Value;
        var now = clock.GetCurrentInstant();
        // A patient holds one slot per doctor at a time: a new hold replaces their earlier one.
        return await BookingTransaction.RunAsync(db, doctorId, patientId, now, usePatientHolds: true, changesAvailability: false, async () =>
        {
            var chosen = await SlotHolds.FindBookableTypeAsync(db, doctorId, request.AppointmentTypeId!.Value, patientId, ct);
            if (chosen.Problem is not null) return chosen.Problem;
            var type = chosen.Value!;

            var calendar = await DoctorCalendar.LoadAsync(db, doctorId, start, start + type.Duration, now, viewer: patientId, ignoring: null, ct);
            if (calendar.ClinicWithFreeSlot(type, now, start) is not { } place) return AppointmentProblem.SlotTaken();

            var hold = new SlotHold(doctorId, place.ClinicId, type, patientId, start, now);
            db.SlotHolds.Add(hold);
            await db.SaveChangesAsync(ct);
            return new Outcome<SlotHold>(hold, null);
        }, ct);
    }
}

internal static class SlotHolds
{
    /// <summary>The offered type of a listed doctor that this patient may book: new patients and returning ones may differ.</summary>
    public static async Task<Outcome<AppointmentType>> FindBookableTypeAsync(CareSlotDb db, int doctorId, int typeId, Guid patientId, CancellationToken ct)
    {
        var doctor = await db.Doctors.AsNoTracking().Where(d => d.Id == doctorId && d.IsListed)
            .Select(d => new
            {
                d.AcceptingNewPatients,
                Returning = db.Appointments.Any(a => a.PatientId == patientId && a.DoctorId == doctorId && a.Status == Scheduling.AppointmentStatus.Completed),
            }).FirstOrDefaultAsync(ct);
        if (doctor is null) return AppointmentProblem.NotFound("Doctor");
        var schedule = await DoctorCaches.ScheduleAsync(db, doctorId, ct);
        return CheckType(schedule, typeId, doctor.Returning, doctor.AcceptingNewPatients);
    }

    /// <summary>The rules of <see cref="FindBookableTypeAsync"/> once the doctor is known to be listed.</summary>
    public static Outcome<AppointmentType> CheckType(DoctorSchedule schedule, int typeId, bool returning, bool acceptingNewPatients)
    {
        if (schedule.OfferedTypes.FirstOrDefault(t => t.Id == typeId) is not { } type)
            return AppointmentProblem.Invalid("appointmentTypeId", "This doctor does not offer that kind of visit.");
        if (returning && !type.ForReturningPatients)
            return AppointmentProblem.Invalid("appointmentTypeId", $"“{type.Name}” is for new patients; choose a visit for returning patients.");
        if (!returning && !type.ForNewPatients)
            return AppointmentProblem.Invalid("appointmentTypeId", $"“{type.Name}” is for returning patients; choose a first visit.");
        if (!returning && !acceptingNewPatients)
            return new AppointmentProblem(StatusCodes.Status409Conflict, "Not taking new patients.", "This doctor is not accepting new patients at the moment.");
        return new Outcome<AppointmentType>(type, null);
    }
}
