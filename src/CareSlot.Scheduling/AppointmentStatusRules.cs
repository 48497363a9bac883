using NodaTime;

namespace CareSlot.Scheduling;

public enum StatusChangeVerdict
{
    Allowed,

    /// <summary>The state machine has no such move (e.g. completed → confirmed, or to the same status).</summary>
    InvalidTransition,

    /// <summary>The move exists but this actor may not make it (patients only cancel).</summary>
    ActorNotAllowed,

    /// <summary>Completed and no-show can only be recorded once the appointment has started.</summary>
    BeforeStart,
}

/// <summary>The one appointment state machine: requested → confirmed → completed | no-show; any active → cancelled.</summary>
public static class AppointmentStatusRules
{
    /// <summary>Active statuses hold the doctor's and the patient's time; the database's overlap constraints list the same.</summary>
    public static bool IsActive(this AppointmentStatus status) =>
        status is AppointmentStatus.Requested or AppointmentStatus.Confirmed;

    /// <summary>The active statuses as a list, for queries (<c>Active.Contains(a.Status)</c> becomes SQL's IN).</summary>
    public static readonly AppointmentStatus[] Active = [.. Enum.GetValues<AppointmentStatus>().Where(IsActive)];

    public static StatusChangeVerdict Check(AppointmentStatus from, AppointmentStatus to, Actor actor, Instant now, Instant start)
    {
        if (from == to || !from.IsActive())
        {
            return StatusChangeVerdict.InvalidTransition;
        }

        return (from, to) switch
        {
            (AppointmentStatus.Requested, AppointmentStatus.Confirmed) =>
                actor is Actor.Doctor or Actor.Admin or Actor.System ? StatusChangeVerdict.Allowed : StatusChangeVerdict.ActorNotAllowed,

            // Only staff who saw (or waited for) the patient can say how the visit went, and only once it began.
            (AppointmentStatus.Confirmed, AppointmentStatus.Completed or AppointmentStatus.NoShow) =>
                actor is not (Actor.Doctor or Actor.Admin) ? StatusChangeVerdict.ActorNotAllowed
                : now < start ? StatusChangeVerdict.BeforeStart
                : StatusChangeVerdict.Allowed,

            // The patient's own deadline is PatientMayStillChange, checked by the caller who knows the clinic's limit.
            (_, AppointmentStatus.Cancelled) =>
                actor is Actor.Patient or Actor.Support or Actor.Doctor or Actor.Admin or Actor.System
                    ? StatusChangeVerdict.Allowed
                    : StatusChangeVerdict.ActorNotAllowed,

            _ => StatusChangeVerdict.InvalidTransition,
        };
    }

    /// <summary>Patients may cancel or reschedule until <paramref name="limit"/> before the start (inclusive).</summary>
    public static bool PatientMayStillChange(Instant now, Instant start, Duration limit) => now <= start - limit;
}
