using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.DoctorTime;

public sealed record FindSlotsRequest(int DoctorId, int AppointmentTypeId, Instant? From, Instant? To);

public sealed record SlotsFound(AppointmentType Type, string From, string To, IReadOnlyList<ClinicSlot> Slots);

/// <summary>
/// A listed doctor's free slots for one appointment type. The cached schedule and busy time come from the primary
/// (<see cref="DoctorTimeReader"/>); what this reads itself may come from a standby (<see cref="StandbyReads"/>).
/// </summary>
public sealed class FindSlots(StandbyReads reads, IClock clock, DoctorTimeReader doctorTime, IStringLocalizer<DoctorTimeText> text)
{
    public static readonly Duration DefaultRange = Duration.FromDays(14);
    public static readonly Duration LongestRange = Duration.FromDays(62);

    /// <summary>Null when the doctor or the type does not exist (or is not offered); errors when the range is wrong.</summary>
    public async Task<(SlotsFound? Found, Dictionary<string, string[]>? Errors)> HandleAsync(FindSlotsRequest search, Guid? viewer, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var from = search.From ?? now;
        var to = search.To ?? from + DefaultRange;
        if (to <= from) return (null, new() { ["to"] = [text["'to' must be after 'from'."]] });
        if (to - from > LongestRange) return (null, new() { ["to"] = [text["Ask for at most {0} days at a time.", LongestRange.Days]] });

        // Both from memory on most lookups: nothing here decides whether a booking may take the time, the booking reads
        // the database itself.
        if (await doctorTime.BusyTimeAsync(search.DoctorId, now, ct) is not { IsListed: true } busyTime) return (null, null);
        var schedule = await doctorTime.ScheduleAsync(search.DoctorId, ct);
        if (schedule.OfferedTypes.FirstOrDefault(t => t.Id == search.AppointmentTypeId) is not { } type) return (null, null);

        var calendar = DoctorCalendar.FromBusyTime(search.DoctorId, schedule, busyTime, from, to, now, viewer)
            ?? await DoctorCalendar.LoadAsync(reads.Db, search.DoctorId, schedule, from, to, now, viewer, ignoring: null, ct);
        return (new SlotsFound(type, IsoTime.Format(from, DateTimeZone.Utc), IsoTime.Format(to, DateTimeZone.Utc), calendar.FreeSlots(type, now, from, to)), null);
    }
}
