using CareSlot.Scheduling;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Records;

public sealed record CarePatient(Guid Id, string Name, DateOnly DateOfBirth);

/// <summary>One visit as a doctor's lists show it: who, when, where, and whether its note is written.</summary>
public sealed record DoctorVisit(Guid AppointmentId, Guid PatientId, string PatientName, Instant Start, Instant End, AppointmentStatus Status,
    string TypeName, string DoctorName, DateTimeZone Zone, bool HasNote);

/// <summary>A table of visits as the visits page and a chart show it.</summary>
public sealed record VisitTable(string Id, string Caption, IReadOnlyList<DoctorVisit> Visits, Instant Now, bool ShowPatient, bool ShowDoctor,
    bool MayWriteNotes);

/// <summary>A doctor's patients and visits: names, times and statuses, never what was said.</summary>
public sealed class DoctorPatients(CareSlotDb db, CareRelationships relationships, IClock clock)
{
    public const int MaxPatients = 100;

    /// <summary>The patients the doctor cares for today, by name, optionally those whose name contains <paramref name="name"/>.</summary>
    public async Task<IReadOnlyList<CarePatient>> SearchAsync(int doctorId, string? name, CancellationToken ct)
    {
        var ids = relationships.PatientsOf(doctorId);
        // Names are compared in memory: the same case-insensitive match on both databases, over one doctor's patients.
        var patients = await db.Users.AsNoTracking().Where(a => ids.Contains(a.Id)).OrderBy(a => a.FullName)
            .Select(a => new CarePatient(a.Id, a.FullName, a.DateOfBirth)).ToListAsync(ct);
        var term = name?.Trim();
        return [.. patients.Where(p => string.IsNullOrEmpty(term) || p.Name.Contains(term, StringComparison.CurrentCultureIgnoreCase)).Take(MaxPatients)];
    }

    /// <summary>The doctor's visits of today and the rest of this week (in the zone of their first clinic), cancelled ones left out.</summary>
    public async Task<(LocalDate Today, IReadOnlyList<DoctorVisit> Visits)> ThisWeekAsync(int doctorId, IsoDayOfWeek firstDayOfWeek, CancellationToken ct)
    {
        var zoneId = await db.Doctors.Where(d => d.Id == doctorId).SelectMany(d => d.Clinics).OrderBy(c => c.Id).Select(c => c.TimeZoneId).FirstOrDefaultAsync(ct);
        var zone = zoneId is null ? DateTimeZone.Utc : DateTimeZoneProviders.Tzdb[zoneId];
        var today = clock.GetCurrentInstant().InZone(zone).Date;
        var weekStart = today.With(DateAdjusters.PreviousOrSame(firstDayOfWeek));
        var from = today.AtStartOfDayInZone(zone).ToInstant();
        var to = weekStart.PlusDays(7).AtStartOfDayInZone(zone).ToInstant();
        var visits = await VisitsAsync(db.Appointments.Where(a => a.DoctorId == doctorId && a.Start >= from && a.Start < to
            && a.Status != AppointmentStatus.Cancelled), ct);
        return (today, visits);
    }

    /// <summary>A patient's appointments for their chart: with this doctor, or with everyone when <paramref name="doctorId"/> is null (break-glass).</summary>
    public Task<List<DoctorVisit>> ChartVisitsAsync(Guid patientId, int? doctorId, CancellationToken ct) =>
        VisitsAsync(db.Appointments.Where(a => a.PatientId == patientId && (doctorId == null || a.DoctorId == doctorId)), ct, newestFirst: true);

    public Task<string?> PatientNameAsync(Guid patientId, CancellationToken ct) =>
        db.Users.Where(a => a.Id == patientId).Select(a => a.FullName).FirstOrDefaultAsync(ct);

    private async Task<List<DoctorVisit>> VisitsAsync(IQueryable<Appointments.Appointment> appointments, CancellationToken ct, bool newestFirst = false)
    {
        var ordered = newestFirst ? appointments.OrderByDescending(a => a.Start) : appointments.OrderBy(a => a.Start);
        var rows = await ordered.Take(200)
            .Join(db.Users, a => a.PatientId, p => p.Id, (a, p) => new { a, PatientName = p.FullName })
            .Join(db.Clinics, x => x.a.ClinicId, c => c.Id, (x, c) => new { x.a, x.PatientName, c.TimeZoneId })
            .Join(db.AppointmentTypes, x => x.a.AppointmentTypeId, t => t.Id, (x, t) => new { x.a, x.PatientName, x.TimeZoneId, TypeName = t.Name })
            .Join(db.Doctors, x => x.a.DoctorId, d => d.Id, (x, d) => new
            {
                x.a.Id, x.a.PatientId, x.PatientName, x.a.Start, x.a.End, x.a.Status, x.TimeZoneId, x.TypeName,
                DoctorName = d.Title + " " + d.GivenName + " " + d.FamilyName,
                HasNote = db.RecordEntries.Any(e => e.AppointmentId == x.a.Id),
            })
            .AsNoTracking().ToListAsync(ct);
        var visits = rows.Select(r => new DoctorVisit(r.Id, r.PatientId, r.PatientName, r.Start, r.End, r.Status, r.TypeName, r.DoctorName.Trim(),
            DateTimeZoneProviders.Tzdb[r.TimeZoneId], r.HasNote));
        return [.. newestFirst ? visits.OrderByDescending(v => v.Start) : visits.OrderBy(v => v.Start)];
    }
}
