using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

/// <summary>
/// An administrator takes a no-show off an appointment (a dispute about it was upheld): the appointment is completed again,
/// with its own history entry. Whatever else the caller has changed in the same <see cref="CareSlotDb"/> (the dispute's
/// resolution) is saved in this change's transaction, with <paramref name="audit"/>'s row, so both commit or neither does.
/// </summary>
public sealed class ClearNoShow(CareSlotDb db, IClock clock, AppointmentTransaction transaction, IStringLocalizer<AppointmentsText> text)
{
    public async Task<Outcome<Appointment>> HandleAsync(Viewer admin, Guid appointmentId, AuditEvent audit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(admin);
        if (admin.Actor != Actor.Admin) return AppointmentProblems.NotFound(text);
        var appointment = await db.Appointments.FirstOrDefaultAsync(a => a.Id == appointmentId, ct);
        if (appointment is null) return AppointmentProblems.NotFound(text);
        if (appointment.Status != AppointmentStatus.NoShow)
        {
            return new UseCaseProblem(StatusCodes.Status409Conflict, text["This appointment can no longer change."], AppointmentChanges.IsNow(appointment.Status, text));
        }
        appointment.ClearNoShow(admin.AccountId, clock.GetCurrentInstant());
        return await transaction.RunAsync(AppointmentLocks.Releasing(appointment.DoctorId, changesAvailability: false) with { Audit = audit }, async () =>
        {
            await transaction.SaveAsync(ct);
            return new Outcome<Appointment>(appointment, null);
        }, ct);
    }
}
