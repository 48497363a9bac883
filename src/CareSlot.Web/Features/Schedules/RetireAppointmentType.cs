using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Schedules;

/// <summary>"Deleting" a type retires it: no longer offered, but kept for the appointments that used it.</summary>
public sealed class RetireAppointmentType(CareSlotDb db, ScheduleTransaction transaction, IStringLocalizer<SchedulesText> text)
{
    /// <summary>False when the doctor has no such type. Retiring twice is harmless.</summary>
    public async Task<bool> HandleAsync(int doctorId, int id, CancellationToken ct)
    {
        var outcome = await transaction.RunAsync(doctorId, async () =>
        {
            var type = await db.AppointmentTypes.FirstOrDefaultAsync(t => t.Id == id && t.DoctorId == doctorId, ct);
            if (type is null) return UseCaseProblem.NotFound(text["Appointment type not found."], text["There is no such appointment type you can see."]);
            type.Retire();
            await db.SaveChangesAsync(ct);
            return new Outcome<bool>(true, null);
        }, ct);
        return outcome.Value;
    }
}
