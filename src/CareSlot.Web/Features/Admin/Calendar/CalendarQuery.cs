using CareSlot.Scheduling;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Admin.Calendar;

public enum CalendarSpan
{
    Day,
    Week,
}

/// <summary>The query string as sent: <c>view</c> (day or week, week when empty) and <c>date</c> (YYYY-MM-DD, today when empty).</summary>
public sealed record CalendarRequest(string? View, string? Date);

/// <summary>
/// One appointment as a calendar shows it: when, who sees whom, for what kind of visit, and its status. Never the reason for
/// the visit or anything clinical: an administrator's calendar is for planning.
/// </summary>
public sealed record CalendarEntry(Guid Id, ZonedDateTime Start, ZonedDateTime End, int DoctorId, string Doctor, int ClinicId, string Clinic,
    string Patient, string Type, AppointmentStatus Status);

/// <summary>A doctor's working hours on a weekday at one clinic, in its local time.</summary>
public sealed record CalendarHours(LocalTime Start, LocalTime End, string Clinic);

/// <summary>One clinic-local day: its appointments by start, and for a doctor's calendar their hours and time off that day.</summary>
public sealed record CalendarDay(LocalDate Date, IReadOnlyList<CalendarEntry> Appointments, IReadOnlyList<CalendarHours> Hours,
    IReadOnlyList<(LocalDateTime Start, LocalDateTime End)> TimeOff);

/// <param name="Name">The clinic's or the doctor's name.</param>
/// <param name="Date">The day asked for: the calendar shows it, or the Monday-to-Sunday week holding it.</param>
public sealed record CalendarView(int Id, string Name, CalendarSpan Span, LocalDate Date, IReadOnlyList<CalendarDay> Days)
{
    public LocalDate First => Days[0].Date;
    public LocalDate Last => Days[^1].Date;
    public LocalDate Previous => Span == CalendarSpan.Day ? Date.PlusDays(-1) : Date.PlusWeeks(-1);
    public LocalDate Next => Span == CalendarSpan.Day ? Date.PlusDays(1) : Date.PlusWeeks(1);
}

/// <summary>
/// The day and week calendars of a clinic and of a doctor. Each appointment falls on its clinic's local day, so a visit at
/// 00:30 after a change of clock is on the day its clinic saw it, whatever the instant's UTC date.
/// </summary>
public sealed class CalendarQuery(CareSlotDb db, IClock clock, IStringLocalizer<AdminText> text)
{
    public async Task<Outcome<CalendarView>> ClinicAsync(int clinicId, CalendarRequest request, CancellationToken ct)
    {
        var clinic = await db.Clinics.AsNoTracking().Where(c => c.Id == clinicId).Select(c => new { c.Name, c.TimeZoneId }).SingleOrDefaultAsync(ct);
        if (clinic is null) return UseCaseProblem.NotFound(text["No such clinic"], text["There is no clinic with this number."]);
        if (Parse(request, DateTimeZoneProviders.Tzdb[clinic.TimeZoneId]) is not ({ } span, { } date)) return Invalid(request);
        var days = Days(span, date);
        var entries = await EntriesAsync(db.Appointments.Where(a => a.ClinicId == clinicId), days, ct);
        return new Outcome<CalendarView>(new CalendarView(clinicId, clinic.Name, span, date, [.. days.Select(d => new CalendarDay(d, Of(entries, d), [], []))]), null);
    }

    public async Task<Outcome<CalendarView>> DoctorAsync(int doctorId, CalendarRequest request, CancellationToken ct)
    {
        var doctor = await db.Doctors.AsNoTracking().Where(d => d.Id == doctorId)
            .Select(d => new
            {
                Name = d.Title + " " + d.GivenName + " " + d.FamilyName,
                Zone = d.Clinics.OrderBy(c => c.Id).Select(c => c.TimeZoneId).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (doctor is null) return UseCaseProblem.NotFound(text["No such doctor"], text["There is no doctor with this number."]);
        // "Today" for a doctor at clinics in several zones: their first clinic's, which is where most doctors have only one.
        var zone = doctor.Zone is null ? DateTimeZone.Utc : DateTimeZoneProviders.Tzdb[doctor.Zone];
        if (Parse(request, zone) is not ({ } span, { } date)) return Invalid(request);
        var days = Days(span, date);
        var entries = await EntriesAsync(db.Appointments.Where(a => a.DoctorId == doctorId), days, ct);

        var hours = await db.WeeklyHours.AsNoTracking()
            .Where(h => h.DoctorId == doctorId && h.Kind == WeeklyHoursKind.Working)
            .Join(db.Clinics.Where(c => c.RetiredAt == null), h => h.ClinicId, c => c.Id, (h, c) => new { h.Day, h.Start, h.End, Clinic = c.Name })
            .ToListAsync(ct);
        var timeOff = (await db.TimeOff.AsNoTracking().Where(t => t.DoctorId == doctorId).Select(t => new { t.Start, t.End }).ToListAsync(ct))
            .Where(t => t.Start < days[^1].PlusDays(1).AtMidnight() && t.End > days[0].AtMidnight()).ToList();
        return new Outcome<CalendarView>(new CalendarView(doctorId, doctor.Name, span, date, [.. days.Select(d => new CalendarDay(d, Of(entries, d),
            [.. hours.Where(h => h.Day == d.DayOfWeek).OrderBy(h => h.Start).Select(h => new CalendarHours(h.Start, h.End, h.Clinic))],
            [.. timeOff.Where(t => t.Start < d.PlusDays(1).AtMidnight() && t.End > d.AtMidnight()).Select(t => (t.Start, t.End))]))]), null);
    }

    private (CalendarSpan? Span, LocalDate? Date) Parse(CalendarRequest request, DateTimeZone zone)
    {
        CalendarSpan? span = request.View switch { null or "" or "week" => CalendarSpan.Week, "day" => CalendarSpan.Day, _ => null };
        LocalDate? date = string.IsNullOrEmpty(request.Date) ? clock.GetCurrentInstant().InZone(zone).Date
            : IsoTime.TryParseDate(request.Date, out var parsed) ? parsed : null;
        return (span, date);
    }

    private UseCaseProblem Invalid(CalendarRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (!string.IsNullOrEmpty(request.View) && request.View is not ("day" or "week")) errors["view"] = [text["Choose the day or the week view."]];
        if (!string.IsNullOrEmpty(request.Date) && !IsoTime.TryParseDate(request.Date, out _))
        {
            errors["date"] = [text["Enter a date as YYYY-MM-DD between the years 1900 and 2200."]];
        }
        return UseCaseProblem.Invalid(errors);
    }

    /// <summary>The day itself, or Monday to Sunday of its week (the first day of the week in English and German alike).</summary>
    private static LocalDate[] Days(CalendarSpan span, LocalDate date)
    {
        if (span == CalendarSpan.Day) return [date];
        var monday = date.PlusDays(-((int)date.DayOfWeek - 1));
        return [.. Enumerable.Range(0, 7).Select(monday.PlusDays)];
    }

    private static IReadOnlyList<CalendarEntry> Of(IReadOnlyList<CalendarEntry> entries, LocalDate day) =>
        [.. entries.Where(e => e.Start.Date == day)];

    /// <summary>
    /// The appointments that start on one of <paramref name="days"/> in their clinic's zone: read with a day's margin on either
    /// side in UTC (no zone is more than 14 hours off it), then kept by their local date.
    /// </summary>
    private async Task<IReadOnlyList<CalendarEntry>> EntriesAsync(IQueryable<Appointment> appointments, LocalDate[] days, CancellationToken ct)
    {
        var from = days[0].PlusDays(-1).AtMidnight().InUtc().ToInstant();
        var to = days[^1].PlusDays(2).AtMidnight().InUtc().ToInstant();
        var rows = await appointments.AsNoTracking().Where(a => a.Start >= from && a.Start < to)
            .Join(db.Doctors, a => a.DoctorId, d => d.Id, (a, d) => new { a, Doctor = d.Title + " " + d.GivenName + " " + d.FamilyName })
            .Join(db.Clinics, x => x.a.ClinicId, c => c.Id, (x, c) => new { x.a, x.Doctor, Clinic = c.Name, c.TimeZoneId })
            .Join(db.Users, x => x.a.PatientId, u => u.Id, (x, u) => new { x.a, x.Doctor, x.Clinic, x.TimeZoneId, Patient = u.FullName })
            .Join(db.AppointmentTypes, x => x.a.AppointmentTypeId, t => t.Id, (x, t) => new
            {
                x.a.Id, x.a.Start, x.a.End, x.a.DoctorId, x.Doctor, x.a.ClinicId, x.Clinic, x.TimeZoneId, x.Patient, Type = t.Name, x.a.Status,
            })
            .ToListAsync(ct);
        return [.. rows
            .Select(r =>
            {
                var zone = DateTimeZoneProviders.Tzdb[r.TimeZoneId];
                return new CalendarEntry(r.Id, r.Start.InZone(zone), r.End.InZone(zone), r.DoctorId, r.Doctor, r.ClinicId, r.Clinic, r.Patient, r.Type, r.Status);
            })
            .Where(e => e.Start.Date >= days[0] && e.Start.Date <= days[^1])
            .OrderBy(e => e.Start.ToInstant()).ThenBy(e => e.Doctor, StringComparer.Ordinal)];
    }
}
