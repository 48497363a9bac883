using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Schedules;

/// <summary>
/// Changes an offered type. Appointments already booked keep the time they were given; only new
/// bookings use the new length and buffer.
/// </summary>
public sealed class EditAppointmentType(CareSlotDb db, ScheduleTransaction transaction, IStringLocalizer<SchedulesText> text, IStringLocalizer<WebText> words)
{
    public Task<AppointmentType?> FindAsync(int doctorId, int id, CancellationToken ct) =>
        db.AppointmentTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.DoctorId == doctorId && t.IsOffered, ct);

    public async Task<Outcome<AppointmentTypeView>> HandleAsync(int doctorId, int id, AppointmentTypeRequest request, CancellationToken ct)
    {
        return await transaction.RunAsync(doctorId, async () =>
        {
            var type = await db.AppointmentTypes.FirstOrDefaultAsync(t => t.Id == id && t.DoctorId == doctorId && t.IsOffered, ct);
            if (type is null) return UseCaseProblem.NotFound(text["Appointment type not found."], text["There is no such appointment type you can see."]);
            var valid = ValidAppointmentType.From(request, text, words);
            if (valid.Problem is not null) return valid.Problem;
            var t = valid.Value!;
            type.Edit(t.Name, t.DurationMinutes, t.BufferAfterMinutes, t.Mode, t.ForNewPatients, t.ForReturningPatients);
            await db.SaveChangesAsync(ct);
            return new Outcome<AppointmentTypeView>(LoadDoctorSchedule.ToView(type), null);
        }, ct);
    }
}
