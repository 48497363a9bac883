using CareSlot.Scheduling;

namespace CareSlot.Web.Features.Appointments;

public static class AppointmentsStatuses
{
    /// <summary>The statuses that hold time: the same list as the database's overlap constraints.</summary>
    public static readonly AppointmentStatus[] Active = [AppointmentStatus.Requested, AppointmentStatus.Confirmed];
}
