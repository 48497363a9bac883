using System.ComponentModel.DataAnnotations;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.Schedules;
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
        if (appointment is null) return AppointmentProblem.NotFound("Appointment");
        var clinic = await db.Clinics.AsNoTracking().SingleAsync(c => c.Id == appointment.ClinicId, ct);
        return new Outcome<(Appointment, Clinic)>((appointment, clinic), null);
    }

    /// <summary>Patients are bound by the clinic's limit; doctors and admins never are.</summary>
    public static AppointmentProblem? PastPatientDeadline(Viewer viewer, Appointment appointment, Clinic clinic, int limitHours, string action, Instant now)
    {
        if (viewer.Actor != Actor.Patient) return null;
        if (AppointmentStatusRules.PatientMayStillChange(now, appointment.Start, Duration.FromHours(limitHours))) return null;
        var zone = DateTimeZoneProviders.Tzdb[clinic.TimeZoneId];
        return new AppointmentProblem(StatusCodes.Status409Conflict, $"It is too late to {action} online.",
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

    public static AppointmentProblem? NotActive(Appointment appointment) => appointment.Status.IsActive()
        ? null
        : new AppointmentProblem(StatusCodes.Status409Conflict, "This appointment can no longer change.",
            $"The appointment is {StatusNames.Display(appointment.Status).ToLowerInvariant()}.");

    /// <summary>Doctors and admins say why they change a patient's appointment; the patient will be told.</summary>
    public static AppointmentProblem? CheckReason(Viewer viewer, string? reason) =>
        reason?.Trim().Length > ReasonMaxLength ? AppointmentProblem.Invalid("reason", $"Keep the reason under {ReasonMaxLength} characters.")
        : viewer.Actor != Actor.Patient && string.IsNullOrWhiteSpace(reason) ? AppointmentProblem.Invalid("reason", "Give the patient a reason for the change.")
        : null;
}

public static class StatusNames
{
    public static string Display(AppointmentStatus status) => status switch
    {
        AppointmentStatus.NoShow => "No-show",
        _ => status.ToString(),
    };

    /// <summary>"no-show" → "No-show", for pages that hold the API's view.</summary>
    public static string DisplayApi(string api) => TryParseApi(api, out var status) ? Display(status) : api;

    public static string Api(AppointmentStatus status) => status switch
    {
        AppointmentStatus.NoShow => "no-show",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static bool TryParseApi(string? text, out AppointmentStatus status)
    {
        foreach (var candidate in Enum.GetValues<AppointmentStatus>())
        {
            if (string.Equals(Api(candidate), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }
}

public sealed record CancelAppointmentRequest([DataType(DataType.MultilineText)] string? Reason);

public sealed class CancelAppointment(CareSlotDb db, IClock clock)
{
    public async Task<Outcome<Appointment>> HandleAsync(Viewer viewer, Guid id, CancelAppointmentRequest request, CancellationToken ct)
    {
        if (AppointmentChanges.CheckReason(viewer, request.Reason) is { } invalid) return invalid;
        var found = await AppointmentChanges.FindAsync(db, viewer, id, ct);
        if (found.Problem is not null) return found.Problem;
        var (appointment, clinic) = found.Value;
        var now = clock.GetCurrentInstant();
        if (AppointmentChanges.NotActive(appointment) is { } inactive) return inactive;
        if (AppointmentChanges.PastPatientDeadline(viewer, appointment, clinic, clinic.Policy.CancellationLimitHours, "cancel", now) is { } late) return late;

        appointment.ChangeStatus(AppointmentStatus.Cancelled, viewer.Actor, viewer.AccountId, request.Reason?.Trim(), now);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await RefreshAvailability.MarkStaleAsync(db, appointment.DoctorId, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return AppointmentProblem.Changed();
        }
        return new Outcome<Appointment>(appointment, null);
    }
}

public sealed record ChangeStatusRequest(string? Status, [DataType(DataType.MultilineText)] string? Reason);

public sealed class ChangeAppointmentStatus(CareSlotDb db, IClock clock, CancelAppointment cancel)
{
    public async Task<Outcome<Appointment>> HandleAsync(Viewer viewer, Guid id, ChangeStatusRequest request, CancellationToken ct)
    {
        if (!StatusNames.TryParseApi(request.Status, out var to))
        {
            return AppointmentProblem.Invalid("status", "Use one of: confirmed, completed, no-show, cancelled.");
        }
        if (to == AppointmentStatus.Cancelled) return await cancel.HandleAsync(viewer, id, new CancelAppointmentRequest(request.Reason), ct);
        if (request.Reason?.Trim().Length > AppointmentChanges.ReasonMaxLength)
        {
            return AppointmentProblem.Invalid("reason", $"Keep the reason under {AppointmentChanges.ReasonMaxLength} characters.");
        }

        var found = await AppointmentChanges.FindAsync(db, viewer, id, ct);
        if (found.Problem is not null) return found.Problem;
        var (appointment, _) = found.Value;
        var now = clock.GetCurrentInstant();
        switch (AppointmentStatusRules.Check(appointment.Status, to, viewer.Actor, now, appointment.Start))
        {
            case StatusChangeVerdict.InvalidTransition:
                return new AppointmentProblem(StatusCodes.Status409Conflict, "That status change is not possible.",
                    $"An appointment that is {StatusNames.Display(appointment.Status).ToLowerInvariant()} cannot become {StatusNames.Display(to).ToLowerInvariant()}.");
            case StatusChangeVerdict.ActorNotAllowed:
                return new AppointmentProblem(StatusCodes.Status403Forbidden, "Only the doctor or the clinic can do that.",
                    "Patients can cancel an appointment but not change its status otherwise.");
            case StatusChangeVerdict.BeforeStart:
                return new AppointmentProblem(StatusCodes.Status409Conflict, "The appointment has not started yet.",
                    $"A visit can be marked {StatusNames.Display(to).ToLowerInvariant()} once it has started.");
        }

        appointment.ChangeStatus(to, viewer.Actor, viewer.AccountId, request.Reason?.Trim(), now);
        try
        {
            // One transaction: the status, and the reminders the visit's end withdraws from the outbox.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return AppointmentProblem.Changed();
        }
        return new Outcome<Appointment>(appointment, null);
    }
}
