using CareSlot.Scheduling;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Schedules;

public sealed record ScheduleClinicView(int Id, string Name, string TimeZone);

public sealed record WeeklyHoursView(int Id, int ClinicId, string Kind, string Day, string Start, string End);

public sealed record ExtraHoursView(int Id, int ClinicId, string Date, string Start, string End);

public sealed record TimeOffView(int Id, string Start, string End, string? Note);

public sealed record BookingRulesView(int MinimumNoticeMinutes, int HorizonDays);

public sealed record DoctorScheduleView(
    IReadOnlyList<ScheduleClinicView> Clinics,
    IReadOnlyList<WeeklyHoursView> WeeklyHours,
    IReadOnlyList<ExtraHoursView> ExtraHours,
    IReadOnlyList<TimeOffView> TimeOff,
    IReadOnlyList<AppointmentTypeView> AppointmentTypes,
    BookingRulesView BookingRules);

/// <summary>A doctor's own schedule as they edit it: hours, breaks, extra hours and time off still to come, offered types, booking rules.</summary>
public sealed class LoadDoctorSchedule(CareSlotDb db, IClock clock)
{
    public async Task<DoctorScheduleView> HandleAsync(int doctorId, CancellationToken ct)
    {
        // Past entries are history, not schedule; a day of slack keeps today's in every zone.
        var now = clock.GetCurrentInstant().InUtc().LocalDateTime;
        var yesterday = now.Date.PlusDays(-1);
        var weekly = await db.WeeklyHours.AsNoTracking().Where(h => h.DoctorId == doctorId).ToListAsync(ct);
        var extra = await db.ExtraHours.AsNoTracking().Where(h => h.DoctorId == doctorId && h.Date >= yesterday).ToListAsync(ct);
        var dayAgo = now.PlusDays(-1);
        var timeOff = await db.TimeOff.AsNoTracking().Where(t => t.DoctorId == doctorId && t.End > dayAgo).ToListAsync(ct);
        var types = await db.AppointmentTypes.AsNoTracking().Where(t => t.DoctorId == doctorId && t.IsOffered).ToListAsync(ct);
        var rules = await db.BookingRules.AsNoTracking().FirstOrDefaultAsync(r => r.DoctorId == doctorId, ct);

        // Clinics the doctor has left still show while hours remain there, so those hours can be cleared.
        var clinicIds = await ScheduleOwner.ClinicIdsAsync(db, doctorId, ct);
        clinicIds.AddRange(weekly.Select(h => h.ClinicId).Concat(extra.Select(h => h.ClinicId)));
        var clinics = await db.Clinics.AsNoTracking().Where(c => clinicIds.Contains(c.Id))
            .OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Select(c => new ScheduleClinicView(c.Id, c.Name, c.TimeZoneId)).ToListAsync(ct);

        return new DoctorScheduleView(
            clinics,
            [.. weekly.OrderBy(h => h.ClinicId).ThenBy(h => h.Day).ThenBy(h => h.Kind).ThenBy(h => h.Start).Select(ToView)],
            [.. extra.OrderBy(h => h.Date).ThenBy(h => h.Start).ThenBy(h => h.ClinicId).Select(ToView)],
            [.. timeOff.OrderBy(t => t.Start).Select(ToView)],
            [.. types.OrderBy(t => t.DurationMinutes).ThenBy(t => t.Name).Select(ToView)],
            new BookingRulesView(rules?.MinimumNoticeMinutes ?? BookingRules.DefaultMinimumNoticeMinutes, rules?.HorizonDays ?? BookingRules.DefaultHorizonDays));
    }

    public static WeeklyHoursView ToView(WeeklyHours hours) => new(hours.Id, hours.ClinicId, ScheduleText.Kind(hours.Kind), ScheduleText.Day(hours.Day),
        ScheduleText.FormatTime(hours.Start), ScheduleText.FormatTime(hours.End));

    public static ExtraHoursView ToView(ExtraHours hours) => new(hours.Id, hours.ClinicId, ScheduleText.FormatDate(hours.Date),
        ScheduleText.FormatTime(hours.Start), ScheduleText.FormatTime(hours.End));

    public static TimeOffView ToView(TimeOff timeOff) => new(timeOff.Id, ScheduleText.FormatDateTime(timeOff.Start), ScheduleText.FormatDateTime(timeOff.End), timeOff.Note);

    public static AppointmentTypeView ToView(AppointmentType type) => new(type.Id, type.Name, type.DurationMinutes, type.BufferAfterMinutes,
        ScheduleText.Mode(type.Mode), type.ForNewPatients, type.ForReturningPatients);
}
