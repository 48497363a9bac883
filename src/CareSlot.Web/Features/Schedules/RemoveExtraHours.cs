using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Schedules;

/// <summary>Removes one-off hours, unless patients are booked in them: then nothing changes and the answer lists them.</summary>
public sealed class RemoveExtraHours(CareSlotDb db, IClock clock, ScheduleTransaction transaction, IStringLocalizer<SchedulesText> text)
{
    /// <summary>Null when removed; 404 when the doctor has no such hours; 409 with the conflicts.</summary>
    public async Task<UseCaseProblem?> HandleAsync(int doctorId, int id, CancellationToken ct)
    {
        var outcome = await transaction.RunAsync(doctorId, async () =>
        {
            if (!await db.ExtraHours.AnyAsync(h => h.Id == id && h.DoctorId == doctorId, ct)) return UseCaseProblem.NotFound(text["Extra hours not found."], text["There are no such extra hours you can see."]);
            var conflicts = await ScheduleConflicts.FindAsync(db, doctorId, clock.GetCurrentInstant(),
                current => current with { Extra = [.. current.Extra.Where(h => h.Id != id)] }, ct);
            if (conflicts.Count > 0) return ScheduleConflicts.Problem(conflicts, text);

            await db.ExtraHours.Where(h => h.Id == id && h.DoctorId == doctorId).ExecuteDeleteAsync(ct);
            return new Outcome<bool>(true, null);
        }, ct);
        return outcome.Problem;
    }
}
