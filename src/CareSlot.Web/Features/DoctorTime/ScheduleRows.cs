using CareSlot.Scheduling;
using CareSlot.Web.Features.Schedules;
using NodaTime;

namespace CareSlot.Web.Features.DoctorTime;

/// <summary>The rows that make up a doctor's availability, as they are or as a change would leave them.</summary>
internal sealed record ScheduleRows(IReadOnlyList<WeeklyHours> Weekly, IReadOnlyList<ExtraHours> Extra, IReadOnlyList<TimeOff> TimeOff)
{
    /// <summary>One clinic's availability for the slot finder; time off applies at every clinic.</summary>
    public Availability AvailabilityAt(int clinicId, DateTimeZone zone) => new(
        zone,
        [.. Weekly.Where(h => h.ClinicId == clinicId && h.Kind == WeeklyHoursKind.Working).Select(h => new WeeklyInterval(h.Day, h.Start, h.End))],
        [.. Weekly.Where(h => h.ClinicId == clinicId && h.Kind == WeeklyHoursKind.Break).Select(h => new WeeklyInterval(h.Day, h.Start, h.End))],
        [.. Extra.Where(h => h.ClinicId == clinicId).Select(h => new DatedInterval(h.Date, h.Start, h.End))],
        [.. TimeOff.Select(t => new LocalPeriod(t.Start, t.End))]);
}
