using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

/// <summary>What every change to an existing appointment shares: finding it for this viewer and the patient's deadlines.</summary>
internal static class AppointmentChanges
{
    public const int ReasonMaxLength = 1000;

    public static async Task<Outcome<(Appointment Appointment, Clinic Clinic)>> FindAsync(CareSlotDb db, Viewer viewer, Guid id, CancellationToken ct)
    {
        var appointment = await viewer.Visible(db.Appointments).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (appointment is null) return UseCaseProblem.NotFound("Appointment not found.", "There is no such appointment you can see.");
        var clinic = await db.Clinics.AsNoTracking().SingleAsync(c => c.Id == appointment.ClinicId, ct);
        return new Outcome<(Appointment, Clinic)>((appointment, clinic), null);
    }

    /// <summary>Patients are bound by the clinic's limit; doctors and admins never are.</summary>
    public static UseCaseProblem? PastPatientDeadline(Viewer viewer, Appointment appointment, Clinic clinic, int limitHours, string action, Instant now)
    {
        if (viewer.Actor != Actor.Patient) return null;
        if (AppointmentStatusRules.PatientMayStillChange(now, appointment.Start, Duration.FromHours(limitHours))) return null;
        var zone = DateTimeZoneProviders.Tzdb[clinic.TimeZoneId];
        return new UseCaseProblem(StatusCodes.Status409Conflict, $"It is too late to {action} online.",
            $"Appointments at {clinic.Name} can be {(action == "cancel" ? "cancelled" : "moved")} online until {limitHours} hours before the start. " +
            $"Please call the clinic on {clinic.Phone}.")
        {
            Extensions =
            {
                ["clinicPhone"] = clinic.Phone,
                ["deadline"] = IsoTime.Format(appointment.Start - Duration.FromHours(limitHours), zone),
            },
        };
    }

    public static UseCaseProblem? NotActive(Appointment appointment) => appointment.Status.IsActive()
        ? null
        : new UseCaseProblem(StatusCodes.Status409Conflict, "This appointment can no longer change.",
            $"The appointment is {StatusNames.Display(appointment.Status).ToLowerInvariant()}.");

    /// <summary>Doctors and admins say why they change a patient's appointment; the patient will be told.</summary>
    public static UseCaseProblem? CheckReason(Viewer viewer, string? reason) =>
        reason?.Trim().Length > ReasonMaxLength ? UseCaseProblem.Invalid("reason", $"Keep the reason under {ReasonMaxLength} characters.")
        : viewer.Actor != Actor.Patient && string.IsNullOrWhiteSpace(reason) ? UseCaseProblem.Invalid("reason", "Give the patient a reason for the change.")
        : null;
}
