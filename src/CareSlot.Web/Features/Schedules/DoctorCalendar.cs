using CareSlot.Scheduling;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Schedules;

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
    public static async Task<DoctorCalendar> LoadAsync(CareSlotDb db, int doctorId, Instant from, Instant to, Instant now,
        Guid? viewer, Guid? ignoring, CancellationToken ct)
    {
        var rules = await db.BookingRules.AsNoTracking().FirstOrDefaultAsync(r => r.DoctorId == doctorId, ct);
        var window = new BookingWindow(
            Duration.FromMinutes(rules?.MinimumNoticeMinutes ?? BookingRules.DefaultMinimumNoticeMinutes),
            rules?.HorizonDays ?? BookingRules.DefaultHorizonDays);

        var weekly = await db.WeeklyHours.AsNoTracking().Where(h => h.DoctorId == doctorId).ToListAsync(ct);
        var clinicIds = weekly.Select(h => h.ClinicId).ToHashSet();
        var firstDate = (from - Margin).InUtc().Date.PlusDays(-1);
        var lastDate = (to + Margin).InUtc().Date.PlusDays(1);
        var extra = await db.ExtraHours.AsNoTracking()
            .Where(h => h.DoctorId == doctorId && h.Date >= firstDate && h.Date <= lastDate).ToListAsync(ct);
        clinicIds.UnionWith(extra.Select(h => h.ClinicId));
        var firstLocal = firstDate.AtMidnight();
        var lastLocal = lastDate.PlusDays(1).AtMidnight();
        var timeOff = await db.TimeOff.AsNoTracking()
            .Where(t => t.DoctorId == doctorId && t.End > firstLocal && t.Start < lastLocal).ToListAsync(ct);
        var zones = await db.Clinics.AsNoTracking().Where(c => clinicIds.Contains(c.Id))
            .Select(c => new { c.Id, c.TimeZoneId }).ToDictionaryAsync(c => c.Id, c => c.TimeZoneId, ct);

        var periodsOff = timeOff.Select(t => new LocalPeriod(t.Start, t.End)).ToList();
        var clinics = clinicIds.Order().Select(clinicId => new ClinicAvailability(clinicId, new Availability(
            DateTimeZoneProviders.Tzdb[zones[clinicId]],
            [.. weekly.Where(h => h.ClinicId == clinicId && h.Kind == WeeklyHoursKind.Working).Select(h => new WeeklyInterval(h.Day, h.Start, h.End))],
            [.. weekly.Where(h => h.ClinicId == clinicId && h.Kind == WeeklyHoursKind.Break).Select(h => new WeeklyInterval(h.Day, h.Start, h.End))],
            [.. extra.Where(h => h.ClinicId == clinicId).Select(h => new DatedInterval(h.Date, h.Start, h.End))],
            periodsOff))).ToList();

        var busyFrom = from - Margin;
        var busyTo = to + Margin;
        var appointments = await db.Appointments.AsNoTracking()
            .Where(a => a.DoctorId == doctorId && AppointmentsStatuses.Active.Contains(a.Status)
                && a.Start < busyTo && a.BlockedUntil > busyFrom && a.Id != ignoring)
            .Select(a => new { a.Start, a.BlockedUntil }).ToListAsync(ct);
        var holds = await db.SlotHolds.AsNoTracking()
            .Where(h => h.DoctorId == doctorId && h.ExpiresAt > now && h.PatientId != viewer && h.Start < busyTo && h.BlockedUntil > busyFrom)
            .Select(h => new { h.Start, h.BlockedUntil }).ToListAsync(ct);
        var busy = appointments.Select(a => new Interval(a.Start, a.BlockedUntil))
            .Concat(holds.Select(h => new Interval(h.Start, h.BlockedUntil)))
            .OrderBy(i => i.Start).ToList();

        return new DoctorCalendar(doctorId, window, clinics, busy);
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
