namespace CareSlot.Web.Features.Doctors;

/// <summary>A clinic's own booking policy; every patient-facing limit is a setting here, not a constant in code.</summary>
public sealed class ClinicPolicy
{
    /// <summary>Patients may cancel until this many hours before the start.</summary>
    public int CancellationLimitHours { get; set; } = 24;

    /// <summary>Patients may reschedule until this many hours before the start.</summary>
    public int RescheduleLimitHours { get; set; } = 24;

    /// <summary>How many active upcoming appointments one patient may hold with one doctor.</summary>
    public int MaxUpcomingPerDoctor { get; set; } = 2;

    /// <summary>How many times a patient may move one appointment.</summary>
    public int MaxReschedules { get; set; } = 3;

    /// <summary>Bookings are confirmed at once instead of waiting for the doctor.</summary>
    public bool AutoConfirm { get; set; } = true;
}
