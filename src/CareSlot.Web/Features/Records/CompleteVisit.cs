using System.Security.Claims;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Records;

/// <summary>Marks a visit completed as its doctor saves the note: the appointment's own status change, with its notices.</summary>
public sealed class CompleteVisit(CareSlotDb db, ChangeAppointmentStatus changeStatus)
{
    /// <summary>Null when done, or when the visit was already completed; else why not.</summary>
    public async Task<UseCaseProblem?> HandleAsync(ClaimsPrincipal user, Guid appointmentId, CancellationToken ct)
    {
        if (await Viewer.FromAsync(user, db, ct) is not { } viewer) return null;
        if (await db.Appointments.AnyAsync(a => a.Id == appointmentId && a.Status == Scheduling.AppointmentStatus.Completed, ct)) return null;
        var outcome = await changeStatus.HandleAsync(viewer, appointmentId, new ChangeStatusRequest("completed", null), ct);
        return outcome.Problem;
    }
}
