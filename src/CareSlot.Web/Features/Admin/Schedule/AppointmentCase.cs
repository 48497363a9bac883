using CareSlot.Scheduling;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Admin.Schedule;

/// <summary>One change in an appointment's history: when, who (and as what), from and to, and the reason they gave.</summary>
public sealed record CaseHistoryEntry(Instant At, Actor Actor, string? ByName, AppointmentStatus? FromStatus, AppointmentStatus ToStatus,
    Instant? FromStart, Instant? ToStart, string? Reason);

/// <summary>One appointment as an administrator sees it: who, when, where, what kind, its status and history. Never the reason for the visit.</summary>
public sealed record AppointmentCaseView(Guid Id, Instant Start, Instant End, DateTimeZone Zone, AppointmentStatus Status, Guid PatientId,
    string PatientName, string? PatientEmail, int DoctorId, string DoctorName, int ClinicId, string ClinicName, int TypeId, string TypeName,
    int DurationMinutes, IReadOnlyList<CaseHistoryEntry> History);

/// <summary>Reads one appointment for the administrators' page and API.</summary>
public sealed class AppointmentCase(CareSlotDb db)
{
    public async Task<AppointmentCaseView?> FindAsync(Guid id, CancellationToken ct)
    {
        var found = await (
            from a in db.Appointments.AsNoTracking()
            where a.Id == id
            join p in db.Users on a.PatientId equals p.Id
            join d in db.Doctors on a.DoctorId equals d.Id
            join c in db.Clinics on a.ClinicId equals c.Id
            join t in db.AppointmentTypes on a.AppointmentTypeId equals t.Id
            select new
            {
                a.Id, a.Start, a.End, a.Status, a.PatientId, PatientName = p.FullName, PatientEmail = p.Email, a.DoctorId, DoctorName = d.Title + " " + d.GivenName + " " + d.FamilyName,
                a.ClinicId, ClinicName = c.Name, c.TimeZoneId, TypeId = t.Id, TypeName = t.Name, t.DurationMinutes,
            }).FirstOrDefaultAsync(ct);
        if (found is null) return null;

        var history = await db.AppointmentHistory.AsNoTracking().Where(h => h.AppointmentId == id).OrderBy(h => h.At).ThenBy(h => h.Id).ToListAsync(ct);
        var byIds = history.Select(h => h.ByAccountId).OfType<Guid>().Distinct().ToList();
        var names = byIds.Count == 0 ? []
            : await db.Users.AsNoTracking().Where(u => byIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        return new AppointmentCaseView(found.Id, found.Start, found.End, DateTimeZoneProviders.Tzdb[found.TimeZoneId], found.Status, found.PatientId,
            found.PatientName, found.PatientEmail, found.DoctorId, found.DoctorName.Trim(), found.ClinicId, found.ClinicName, found.TypeId, found.TypeName,
            found.DurationMinutes,
            [.. history.Select(h => new CaseHistoryEntry(h.At, h.Actor, h.ByAccountId is { } by ? names.GetValueOrDefault(by) : null, h.FromStatus, h.ToStatus,
                h.FromStart, h.ToStart, h.Reason))]);
    }
}
