using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Appointments;

/// <summary>Which of a doctor's appointment types a patient may book: new and returning patients may differ.</summary>
public sealed class BookableTypes(CareSlotDb db, DoctorTimeReader doctorTime, IStringLocalizer<AppointmentsText> text)
{
    /// <summary>The offered type of a listed doctor that this patient may book: new patients and returning ones may differ.</summary>
    public async Task<Outcome<AppointmentType>> FindAsync(int doctorId, int typeId, Guid patientId, CancellationToken ct)
    {
        var doctor = await db.Doctors.AsNoTracking().Where(d => d.Id == doctorId && d.IsListed)
            .Select(d => new
            {
                d.AcceptingNewPatients,
                Returning = db.Appointments.Any(a => a.PatientId == patientId && a.DoctorId == doctorId && a.Status == Scheduling.AppointmentStatus.Completed),
            }).FirstOrDefaultAsync(ct);
        if (doctor is null) return AppointmentProblems.DoctorNotFound(text);
        var schedule = await doctorTime.ScheduleAsync(doctorId, ct);
        return CheckType(schedule, typeId, doctor.Returning, doctor.AcceptingNewPatients, text);
    }

    /// <summary>The rules of <see cref="FindAsync"/> once the doctor is known to be listed.</summary>
    public static Outcome<AppointmentType> CheckType(DoctorSchedule schedule, int typeId, bool returning, bool acceptingNewPatients,
        IStringLocalizer<AppointmentsText> text)
    {
        if (schedule.OfferedTypes.FirstOrDefault(t => t.Id == typeId) is not { } type)
            return UseCaseProblem.Invalid("appointmentTypeId", text["This doctor does not offer that kind of visit."]);
        if (returning && !type.ForReturningPatients)
            return UseCaseProblem.Invalid("appointmentTypeId", text["“{0}” is for new patients; choose a visit for returning patients.", type.Name]);
        if (!returning && !type.ForNewPatients)
            return UseCaseProblem.Invalid("appointmentTypeId", text["“{0}” is for returning patients; choose a first visit.", type.Name]);
        if (!returning && !acceptingNewPatients)
            return new UseCaseProblem(StatusCodes.Status409Conflict, text["Not taking new patients."], text["This doctor is not accepting new patients at the moment."]);
        return new Outcome<AppointmentType>(type, null);
    }
}
