using System.ComponentModel.DataAnnotations;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

public sealed record CancelAppointmentRequest([DataType(DataType.MultilineText)] string? Reason);

public sealed class CancelAppointment(CareSlotDb db, IClock clock, AppointmentTransaction transaction, IStringLocalizer<AppointmentsText> text)
{
    /// <param name="audit">An administrator's audit row, written in the cancellation's own transaction.</param>
    public async Task<Outcome<Appointment>> HandleAsync(Viewer viewer, Guid id, CancelAppointmentRequest request, CancellationToken ct,
        AuditEvent? audit = null)
    {
        if (AppointmentChanges.CheckReason(viewer, request.Reason, text) is { } invalid) return invalid;
        var found = await AppointmentChanges.FindAsync(db, viewer, id, text, ct);
        if (found.Problem is not null) return found.Problem;
        var (appointment, clinic) = found.Value;
        var now = clock.GetCurrentInstant();
        if (AppointmentChanges.NotActive(appointment, text) is { } inactive) return inactive;
        if (AppointmentChanges.PastPatientDeadline(viewer, appointment, clinic, clinic.Policy.CancellationLimitHours, cancelling: true, now, text) is { } late) return late;

        appointment.ChangeStatus(AppointmentStatus.Cancelled, viewer.Actor, viewer.AccountId, request.Reason?.Trim(), now);
        return await transaction.RunAsync(AppointmentLocks.Releasing(appointment.DoctorId, changesAvailability: true) with { Audit = audit }, async () =>
        {
            // With the notices of the cancellation; the reminders are withdrawn.
            await transaction.SaveAsync(ct);
            return new Outcome<Appointment>(appointment, null);
        }, ct);
    }
}
