using System.ComponentModel.DataAnnotations;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

public sealed record ChangeStatusRequest(string? Status, [DataType(DataType.MultilineText)] string? Reason);

public sealed class ChangeAppointmentStatus(CareSlotDb db, IClock clock, CancelAppointment cancel, AppointmentTransaction transaction,
    IStringLocalizer<AppointmentsText> text)
{
    public async Task<Outcome<Appointment>> HandleAsync(Viewer viewer, Guid id, ChangeStatusRequest request, CancellationToken ct)
    {
        if (!StatusNames.TryParseApi(request.Status, out var to))
        {
            return UseCaseProblem.Invalid("status", text["Use one of: confirmed, completed, no-show, cancelled."]);
        }
        if (to == AppointmentStatus.Cancelled) return await cancel.HandleAsync(viewer, id, new CancelAppointmentRequest(request.Reason), ct);
        if (request.Reason?.Trim().Length > AppointmentChanges.ReasonMaxLength)
        {
            return UseCaseProblem.Invalid("reason", AppointmentChanges.TooLong(text));
        }

        var found = await AppointmentChanges.FindAsync(db, viewer, id, text, ct);
        if (found.Problem is not null) return found.Problem;
        var (appointment, _) = found.Value;
        var now = clock.GetCurrentInstant();
        switch (AppointmentStatusRules.Check(appointment.Status, to, viewer.Actor, now, appointment.Start))
        {
            case StatusChangeVerdict.InvalidTransition:
                return new UseCaseProblem(StatusCodes.Status409Conflict, text["That status change is not possible."],
                    text["An appointment with the status “{0}” cannot change to “{1}”.", StatusNames.Display(appointment.Status, text), StatusNames.Display(to, text)]);
            case StatusChangeVerdict.ActorNotAllowed:
                return new UseCaseProblem(StatusCodes.Status403Forbidden, text["Only the doctor or the clinic can do that."],
                    text["Patients can cancel an appointment but not change its status otherwise."]);
            case StatusChangeVerdict.BeforeStart:
                return new UseCaseProblem(StatusCodes.Status409Conflict, text["The appointment has not started yet."],
                    to == AppointmentStatus.NoShow
                        ? text["A visit can be marked as a no-show once it has started."]
                        : text["A visit can be marked completed once it has started."]);
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
