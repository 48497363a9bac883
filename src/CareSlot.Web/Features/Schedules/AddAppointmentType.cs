using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Schedules;

public sealed class AddAppointmentType(CareSlotDb db, ScheduleTransaction transaction, IStringLocalizer<SchedulesText> text, IStringLocalizer<WebText> words)
{
    public async Task<Outcome<AppointmentTypeView>> HandleAsync(int doctorId, AppointmentTypeRequest request, CancellationToken ct)
    {
        var valid = ValidAppointmentType.From(request, text, words);
        if (valid.Problem is not null) return valid.Problem;
        var t = valid.Value!;
        var type = new AppointmentType(doctorId, t.Name, t.DurationMinutes, t.BufferAfterMinutes, t.Mode, t.ForNewPatients, t.ForReturningPatients);
        return await transaction.RunAsync(doctorId, async () =>
        {
            db.AppointmentTypes.Add(type);
            await db.SaveChangesAsync(ct);
            return new Outcome<AppointmentTypeView>(LoadDoctorSchedule.ToView(type), null);
        }, ct);
    }
}
