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

    /// <summary>A support agent acting at a patient's request: bound by that patient's deadlines and limits, and audited.</summary>
    Support,
}
