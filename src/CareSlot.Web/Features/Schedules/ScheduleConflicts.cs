using System.Text.Json.Serialization;
using CareSlot.Scheduling;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Schedules;

/// <summary>A booked appointment that a schedule change would leave outside the doctor's open hours.</summary>
public sealed record ScheduleConflict(Guid Id, string Start, string End, string PatientName)
{
    [JsonIgnore] public ZonedDateTime LocalStart { get; init; }
    [JsonIgnore] public ZonedDateTime LocalEnd { get; init; }
}

/// <summary>
/// Refuses a change to working hours, breaks, extra hours or time off that would strand booked patients:
/// every active appointment still to come must lie inside one open interval of the new schedule.
/// </summary>
internal static class ScheduleConflicts
{
    public const string Extension = "conflicts";

    public static UseCaseProblem Problem(IReadOnlyList<ScheduleConflict> conflicts, IStringLocalizer<SchedulesText> text) =>
        new(StatusCodes.Status409Conflict, text["Booked appointments are outside the new hours."],
            text["These appointments are outside the new hours. Move or cancel each, then save again."])
        {
            Extensions = { [Extension] = conflicts },
        };

    /// <summary>The conflicts a refused change carries, for pages that list them.</summary>
    public static IReadOnlyList<ScheduleConflict> Of(UseCaseProblem problem) =>
        problem.Extensions.TryGetValue(Extension, out var value) && value is IReadOnlyList<ScheduleConflict> conflicts ? conflicts : [];

    /// <summary>
    /// The doctor's active appointments that have not ended and would not fit in the schedule that
    /// <paramref name="change"/> makes of the current one. Only dates that hold such appointments are computed.
    /// </summary>
    public static async Task<IReadOnlyList<ScheduleConflict>> FindAsync(CareSlotDb db, int doctorId, Instant now,
        Func<ScheduleRows, ScheduleRows> change, CancellationToken ct)
    {
        var appointments = await db.Appointments.AsNoTracking()
            .Where(a => a.DoctorId == doctorId && AppointmentStatusRules.Active.Contains(a.Status) && a.End > now)
            .Select(a => new { a.Id, a.ClinicId, a.Start, a.End, a.PatientId })
            .ToListAsync(ct);
        if (appointments.Count == 0) return [];

        // Local dates differ from UTC dates by less than a day anywhere; two days of slack also cover a night shift from the day before.
        var firstDate = appointments.Min(a => a.Start).InUtc().Date.PlusDays(-2);
        var lastDate = appointments.Max(a => a.End).InUtc().Date.PlusDays(2);
        var proposed = change(await LoadRowsAsync(db, doctorId, firstDate, lastDate, ct));

        var clinicIds = appointments.Select(a => a.ClinicId).Distinct().ToList();
        var zones = await db.Clinics.AsNoTracking().Where(c => clinicIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => DateTimeZoneProviders.Tzdb[c.TimeZoneId], ct);

        var outside = new List<(Guid Id, Instant Start, Instant End, Guid PatientId, DateTimeZone Zone)>();
        foreach (var atClinic in appointments.GroupBy(a => a.ClinicId))
        {
            var zone = zones[atClinic.Key];
            var open = SlotFinder.OpenIntervals(proposed.AvailabilityAt(atClinic.Key, zone),
                atClinic.Min(a => a.Start).InZone(zone).Date.PlusDays(-1), atClinic.Max(a => a.End).InZone(zone).Date);
            outside.AddRange(atClinic
                .Where(a => !open.Any(interval => interval.Start <= a.Start && a.End <= interval.End))
                .Select(a => (a.Id, a.Start, a.End, a.PatientId, zone)));
        }
        if (outside.Count == 0) return [];

        var patientIds = outside.Select(a => a.PatientId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => patientIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        return [.. outside.OrderBy(a => a.Start).Select(a => new ScheduleConflict(a.Id, IsoTime.Format(a.Start, a.Zone), IsoTime.Format(a.End, a.Zone),
            names.GetValueOrDefault(a.PatientId) ?? "")
        {
            LocalStart = a.Start.InZone(a.Zone),
            LocalEnd = a.End.InZone(a.Zone),
        })];
    }

    private static async Task<ScheduleRows> LoadRowsAsync(CareSlotDb db, int doctorId, LocalDate firstDate, LocalDate lastDate, CancellationToken ct)
    {
        var weekly = await db.WeeklyHours.AsNoTracking().Where(h => h.DoctorId == doctorId).ToListAsync(ct);
        var extra = await db.ExtraHours.AsNoTracking()
            .Where(h => h.DoctorId == doctorId && h.Date >= firstDate && h.Date <= lastDate).ToListAsync(ct);
        var firstLocal = firstDate.AtMidnight();
        var lastLocal = lastDate.PlusDays(1).AtMidnight();
        var timeOff = await db.TimeOff.AsNoTracking()
            .Where(t => t.DoctorId == doctorId && t.End > firstLocal && t.Start < lastLocal).ToListAsync(ct);
        return new ScheduleRows(weekly, extra, timeOff);
    }

}
