using System.Security.Claims;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Accounts;

/// <summary>
/// Who is asking, and as what. Someone with several roles acts with the strongest one; a doctor acts
/// through their directory entry and sees only that doctor's appointments.
/// </summary>
public sealed record Viewer(Guid AccountId, Actor Actor, int? DoctorId)
{
    /// <summary>The patient a support agent acts for: they reach that patient's appointments and no one else's.</summary>
    public Guid? OnBehalfOf { get; private init; }

    /// <summary>A support agent, already authorized for <see cref="Actor.Support"/>'s operations, acting at a patient's request.</summary>
    public static Viewer SupportAgent(Guid agentId, Guid patientId) => new(agentId, Actor.Support, null) { OnBehalfOf = patientId };

    public static async Task<Viewer?> FromAsync(ClaimsPrincipal user, CareSlotDb db, CancellationToken ct)
    {
        if (!Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var accountId)) return null;
        if (user.IsInRole(Roles.Admin)) return new Viewer(accountId, Actor.Admin, null);
        if (user.IsInRole(Roles.Doctor))
        {
            var doctorId = await db.Doctors.Where(d => d.AccountId == accountId).Select(d => (int?)d.Id).FirstOrDefaultAsync(ct);
            return doctorId is null ? null : new Viewer(accountId, Actor.Doctor, doctorId);
        }
        return user.IsInRole(Roles.Patient) ? new Viewer(accountId, Actor.Patient, null) : null;
    }

    /// <summary>The appointments this viewer may see; anything else answers 404, never 403, so ids reveal nothing.</summary>
    public IQueryable<Appointment> Visible(IQueryable<Appointment> appointments) => Actor switch
    {
        Actor.Admin => appointments,
        Actor.Doctor => appointments.Where(a => a.DoctorId == DoctorId),
        Actor.Support => appointments.Where(a => a.PatientId == OnBehalfOf),
        _ => appointments.Where(a => a.PatientId == AccountId),
    };
}
