using System.ComponentModel.DataAnnotations;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

public sealed record ChangeStatusRequest(string? Status, [DataType(DataType.MultilineText)] string? Reason);

public sealed class ChangeAppointmentStatus(CareSlotDb db, IClock clock, CancelAppointment cancel, AppointmentTransaction transaction)
{
    public async Task<Outcome<Appointment>> HandleAsync(Viewer viewer, Guid id, ChangeStatusRequest request, CancellationToken ct)
    {
        if (!StatusNames.TryParseApi(request.Status, out var to))
        {
            return UseCaseProblem.Invalid("status", "Use one of: confirmed, completed, no-show, cancelled.");
        }
        if (to == AppointmentStatus.Cancelled) return await cancel.HandleAsync(viewer, id, new CancelAppointmentRequest(request.Reason), ct);
        if (request.Reason?.Trim().Length > AppointmentChanges.ReasonMaxLength)
        {
            return UseCaseProblem.Invalid("reason", $"Keep the reason under {AppointmentChanges.ReasonMaxLength} characters.");
        }

        var found = await AppointmentChanges.FindAsync(db, viewer, id, ct);
        if (found.Problem is not null) return found.Problem;
        var (appointment, _) = found.Value;
        var now = clock.GetCurrentInstant();
        switch (AppointmentStatusRules.Check(appointment.Status, to, viewer.Actor, now, appointment.Start))
        {
            case StatusChangeVerdict.InvalidTransition:
                return new UseCaseProblem(StatusCodes.Status409Conflict, "That status change is not possible.",
                    $"An appointment that is {StatusNames.Display(appointment.Status).ToLowerInvariant()} cannot become {StatusNames.Display(to).ToLowerInvariant()}.");
            case StatusChangeVerdict.ActorNotAllowed:
                return new UseCaseProblem(StatusCodes.Status403Forbidden, "Only the doctor or the clinic can do that.",
                    "Patients can cancel an appointment but not change its status otherwise.");
            case StatusChangeVerdict.BeforeStart:
                return new UseCaseProblem(StatusCodes.Status409Conflict, "The appointment has not started yet.",
                    $"A visit can be marked {StatusNames.Display(to).ToLowerInvariant()} once it has started.");
        }

        appointment.ChangeStatus(to, viewer.Actor, viewer.AccountId, request.Reason?.Trim(), now);
        return await transaction.RunAsync(AppointmentLocks.Releasing(appointment.DoctorId, changesAvailability: false), async () =>
        {
            // With the patient's notice of a confirmation or a no-show; the reminders the visit's end leaves are withdrawn.
            await transaction.SaveAsync(ct);
            return new Outcome<Appointment>(appointment, null);
        }, ct);
    }
}
