using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

/// <summary>What every change to an existing appointment shares: finding it for this viewer and the patient's deadlines.</summary>
internal static class AppointmentChanges
{
    public const int ReasonMaxLength = 1000;

    public static async Task<Outcome<(Appointment Appointment, Clinic Clinic)>> FindAsync(CareSlotDb db, Viewer viewer, Guid id,
        IStringLocalizer<AppointmentsText> text, CancellationToken ct)
    {
        var appointment = await viewer.Visible(db.Appointments).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (appointment is null) return AppointmentProblems.NotFound(text);
        var clinic = await db.Clinics.AsNoTracking().SingleAsync(c => c.Id == appointment.ClinicId, ct);
        return new Outcome<(Appointment, Clinic)>((appointment, clinic), null);
    }

    /// <summary>Patients, and support acting at their request, are bound by the clinic's limit; doctors and admins never are.</summary>
    /// <param name="cancelling">Whether the patient cancels (else moves the appointment): the words differ.</param>
    public static UseCaseProblem? PastPatientDeadline(Viewer viewer, Appointment appointment, Clinic clinic, int limitHours, bool cancelling, Instant now,
        IStringLocalizer<AppointmentsText> text)
    {
        if (viewer.Actor is not (Actor.Patient or Actor.Support)) return null;
        if (AppointmentStatusRules.PatientMayStillChange(now, appointment.Start, Duration.FromHours(limitHours))) return null;
        var zone = DateTimeZoneProviders.Tzdb[clinic.TimeZoneId];
        return new UseCaseProblem(StatusCodes.Status409Conflict,
            cancelling ? text["It is too late to cancel online."] : text["It is too late to reschedule online."],
            cancelling
                ? text["Appointments at {0} can be cancelled online until {1} hours before the start. Please call the clinic on {2}.", clinic.Name, limitHours, clinic.Phone]
                : text["Appointments at {0} can be moved online until {1} hours before the start. Please call the clinic on {2}.", clinic.Name, limitHours, clinic.Phone])
        {
            Extensions =
            {
                ["clinicPhone"] = clinic.Phone,
                ["deadline"] = IsoTime.Format(appointment.Start - Duration.FromHours(limitHours), zone),
            },
        };
    }

    public static UseCaseProblem? NotActive(Appointment appointment, IStringLocalizer<AppointmentsText> text) => appointment.Status.IsActive()
        ? null
        : new UseCaseProblem(StatusCodes.Status409Conflict, text["This appointment can no longer change."], IsNow(appointment.Status, text));

    /// <summary>"The appointment is cancelled.": a whole sentence per status, since the words around a status differ by language.</summary>
    public static string IsNow(AppointmentStatus status, IStringLocalizer<AppointmentsText> text) => status switch
    {
        AppointmentStatus.Requested => text["The appointment is requested."],
        AppointmentStatus.Confirmed => text["The appointment is confirmed."],
        AppointmentStatus.Completed => text["The appointment is completed."],
        AppointmentStatus.NoShow => text["The appointment is marked as a no-show."],
        _ => text["The appointment is cancelled."],
    };

    /// <summary>Doctors and admins say why they change a patient's appointment; the patient will be told.</summary>
    public static UseCaseProblem? CheckReason(Viewer viewer, string? reason, IStringLocalizer<AppointmentsText> text) =>
        reason?.Trim().Length > ReasonMaxLength ? UseCaseProblem.Invalid("reason", TooLong(text))
        : viewer.Actor != Actor.Patient && string.IsNullOrWhiteSpace(reason) ? UseCaseProblem.Invalid("reason", text["Give the patient a reason for the change."])
        : null;

    public static string TooLong(IStringLocalizer<AppointmentsText> text) => text["Keep the reason under {0} characters.", ReasonMaxLength];
}
