using System.Security.Claims;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Schedules;

/// <summary>Who may edit a schedule: a doctor acting through their directory entry, never an admin or a patient.</summary>
public static class ScheduleOwner
{
    public static async Task<int?> DoctorIdAsync(ClaimsPrincipal user, CareSlotDb db, CancellationToken ct) =>
        await Viewer.FromAsync(user, db, ct) is { Actor: Actor.Doctor, DoctorId: int doctorId } ? doctorId : null;

    /// <summary>The clinics a doctor works at according to their profile: the only ones they may add hours for.</summary>
    internal static Task<List<int>> ClinicIdsAsync(CareSlotDb db, int doctorId, CancellationToken ct) =>
        db.Doctors.Where(d => d.Id == doctorId).SelectMany(d => d.Clinics.Select(c => c.Id)).ToListAsync(ct);
}
