using CareSlot.Scheduling;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.DoctorTime;

/// <summary>Where a doctor works, in the clinic's own zone.</summary>
public sealed record ClinicAvailability(int ClinicId, Availability Availability);

/// <summary>
/// One doctor's availability and busy time around a window, loaded once and asked many questions:
/// the free slots for a type, or whether one start is free.
/// </summary>
public sealed class DoctorCalendar
{
    /// <summary>Longer than any appointment with its buffer, so busy time that reaches into the window is seen.</summary>
    private static readonly Duration Margin = Duration.FromDays(1);

    public int DoctorId { get; }
    public BookingWindow Window { get; }
    public IReadOnlyList<ClinicAvailability> Clinics { get; }
    public IReadOnlyList<Interval> Busy { get; }

    private DoctorCalendar(int doctorId, BookingWindow window, IReadOnlyList<ClinicAvailability> clinics, IReadOnlyList<Interval> busy)
    {
        DoctorId = doctorId;
        Window = window;
        Clinics = clinics;
        Busy = busy;
    }

    /// <summary>
    /// Loads availability and busy time for [from, to). Other patients' live holds count as busy;
    /// <paramref name="viewer"/>'s own holds and <paramref name="ignoring"/> (an appointment being moved) do not.
    /// </summary>
    public static async Task<DoctorCalendar> LoadAsync(CareSlotDb db, int doctorId, DoctorSchedule schedule, Instant from, Instant to, Instant now,
        Guid? viewer, Guid? ignoring, CancellationToken ct) =>
        new(doctorId, schedule.Window, ClinicsAround(schedule, from, to), await BusyAsync(db, doctorId, from, to, now, viewer, ignoring, ct));

    /// <summary>
    /// The same from a cached <see cref="BusyTime"/>, for pages that show free time; null when the cached blocks do not
    /// reach back to the window (the caller reads the database instead).
    /// </summary>
    public static DoctorCalendar? FromBusyTime(int doctorId, DoctorSchedule schedule, BusyTime busyTime, Instant from, Instant to, Instant now, Guid? viewer)
    {
        if (from - Margin < busyTime.CoversFrom) return null;
        return new(doctorId, schedule.Window, ClinicsAround(schedule, from, to), busyTime.Between(from - Margin, to + Margin, now, viewer));
    }

    /// <summary>Each clinic's availability around [from, to), from the rows that reach into it.</summary>
    private static List<ClinicAvailability> ClinicsAround(DoctorSchedule schedule, Instant from, Instant to)
    {
        var firstDate = (from - Margin).InUtc().Date.PlusDays(-1);
        var lastDate = (to + Margin).InUtc().Date.PlusDays(1);
        var firstLocal = firstDate.AtMidnight();
        var lastLocal = lastDate.PlusDays(1).AtMidnight();
        var rows = new ScheduleRows(schedule.Weekly,
            [.. schedule.Extra.Where(h => h.Date >= firstDate && h.Date <= lastDate)],
            [.. schedule.TimeOff.Where(t => t.End > firstLocal && t.Start < lastLocal)]);

        var clinicIds = rows.Weekly.Select(h => h.ClinicId).ToHashSet();
        clinicIds.UnionWith(rows.Extra.Select(h => h.ClinicId));
        return [.. clinicIds.Order().Select(clinicId => new ClinicAvailability(clinicId, rows.AvailabilityAt(clinicId, schedule.Zones[clinicId])))];
    }

    /// <summary>
    /// The same from busy time the caller read itself (with <see cref="AppointmentsNear"/> and <see cref="HoldsNear"/>,
    /// as part of a larger query).
    /// </summary>
    public static DoctorCalendar FromBusy(int doctorId, DoctorSchedule schedule, Instant from, Instant to, IEnumerable<Interval> busy) =>
        new(doctorId, schedule.Window, ClinicsAround(schedule, from, to), [.. busy.OrderBy(i => i.Start)]);

    /// <summary>Active appointments and other patients' live holds near the window, in one round trip (UNION ALL).</summary>
    private static async Task<List<Interval>> BusyAsync(CareSlotDb db, int doctorId, Instant from, Instant to, Instant now,
        Guid? viewer, Guid? ignoring, CancellationToken ct)
    {
        var appointments = AppointmentsNear(db, doctorId, from, to, ignoring).Select(a => new { a.Start, a.BlockedUntil });
        var holds = HoldsNear(db, doctorId, from, to, now, viewer).Select(h => new { h.Start, h.BlockedUntil });
        var rows = await appointments.Concat(holds).ToListAsync(ct);
        return [.. rows.Select(r => new Interval(r.Start, r.BlockedUntil)).OrderBy(i => i.Start)];
    }

    /// <summary>The doctor's active appointments that block time around [from, to), but <paramref name="ignoring"/>.</summary>
    public static IQueryable<Appointment> AppointmentsNear(CareSlotDb db, int doctorId, Instant from, Instant to, Guid? ignoring)
    {
        var busyFrom = from - Margin;
        var busyTo = to + Margin;
        // Nothing starting a margin before busyFrom still blocks it; saying so keeps the index range on (DoctorId, Start)
        // to a few days instead of the doctor's whole history, which a booking would otherwise read row by row.
        var startsFrom = busyFrom - Margin;
        return db.Appointments.AsNoTracking()
            .Where(a => a.DoctorId == doctorId && AppointmentStatusRules.Active.Contains(a.Status)
                && a.Start >= startsFrom && a.Start < busyTo && a.BlockedUntil > busyFrom && a.Id != ignoring);
    }

    /// <summary>Other patients' live holds on the doctor's time around [from, to).</summary>
    public static IQueryable<SlotHold> HoldsNear(CareSlotDb db, int doctorId, Instant from, Instant to, Instant now, Guid? viewer)
    {
        var busyFrom = from - Margin;
        var busyTo = to + Margin;
        return db.SlotHolds.AsNoTracking()
            .Where(h => h.DoctorId == doctorId && h.ExpiresAt > now && h.PatientId != viewer && h.Start < busyTo && h.BlockedUntil > busyFrom);
    }

    public IReadOnlyList<ClinicSlot> FreeSlots(AppointmentType type, Instant now, Instant from, Instant to) =>
        [.. Clinics
            .SelectMany(clinic => SlotFinder.FindSlots(Request(clinic, type, now, from, to))
                .Select(slot => new ClinicSlot(slot.Start, slot.End, clinic.ClinicId, clinic.Availability.Zone)))
            .OrderBy(slot => slot.Start).ThenBy(slot => slot.ClinicId)];

    /// <summary>The clinic where a slot of this type starting at <paramref name="start"/> is free, if any.</summary>
    public ClinicAvailability? ClinicWithFreeSlot(AppointmentType type, Instant now, Instant start) =>
        Clinics.FirstOrDefault(clinic => SlotFinder.IsFree(Request(clinic, type, now, start, start + Duration.FromTicks(1)), start));

    private SlotRequest Request(ClinicAvailability clinic, AppointmentType type, Instant now, Instant from, Instant to) =>
        new(clinic.Availability, new AppointmentLength(type.Duration, type.BufferAfter), Window, Busy, now, from, to);
}

public sealed record ClinicSlot(Instant Start, Instant End, int ClinicId, DateTimeZone Zone);
