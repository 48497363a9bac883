using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Schedules;

/// <summary>Ending time off only opens hours, so it never strands a patient.</summary>
public sealed class RemoveTimeOff(CareSlotDb db, ScheduleTransaction transaction, IStringLocalizer<SchedulesText> text)
{
    /// <summary>False when the doctor has no such time off.</summary>
    public async Task<bool> HandleAsync(int doctorId, int id, CancellationToken ct)
    {
        var outcome = await transaction.RunAsync(doctorId, async () =>
        {
            if (await db.TimeOff.Where(t => t.Id == id && t.DoctorId == doctorId).ExecuteDeleteAsync(ct) == 0) return UseCaseProblem.NotFound(text["Time off not found."], text["There is no such time off you can see."]);
            return new Outcome<bool>(true, null);
        }, ct);
        return outcome.Value;
    }
}
