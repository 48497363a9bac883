namespace CareSlot.Scheduling;

public enum AppointmentStatus
{
    Requested,
    Confirmed,
    Completed,
    NoShow,
    Cancelled,
}

/// <summary>Who asks for a change: the rules differ for each.</summary>
public enum Actor
{
    Patient,
    Doctor,
    Admin,

    /// <summary>CareSlot itself, e.g. confirming at once for a clinic with auto-confirm.</summary>
    System,
}
