using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Appointments;

/// <summary>A patient gives a held slot back before the hold lapses, so others see it free at once.</summary>
public sealed class ReleaseHold(CareSlotDb db, DoctorCacheEvictions evictions)
{
    /// <summary>False when the patient holds no such slot: someone else's hold is answered like an unknown one.</summary>
    public async Task<bool> HandleAsync(Guid patientId, Guid holdId, CancellationToken ct)
    {
        var held = db.SlotHolds.Where(h => h.Id == holdId && h.PatientId == patientId);
        if (await held.Select(h => (int?)h.DoctorId).FirstOrDefaultAsync(ct) is not { } doctorId) return false;
        await held.ExecuteDeleteAsync(ct);
        // A bulk delete passes by the save that would drop the doctor's cached busy time.
        evictions.EvictBusyTime(doctorId);
        return true;
    }
}
