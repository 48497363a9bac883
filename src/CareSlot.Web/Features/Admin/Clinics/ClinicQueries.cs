using CareSlot.Scheduling;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Admin.Clinics;

/// <summary>What the clinics' pages and API read: the list, one clinic with its doctors, and who could join it.</summary>
public sealed class ClinicQueries(CareSlotDb db)
{
    public async Task<IReadOnlyList<ClinicListItem>> ListAsync(CancellationToken ct) =>
        await db.Clinics.AsNoTracking().OrderBy(c => c.RetiredAt != null).ThenBy(c => c.Name)
            .Select(c => new ClinicListItem(c.Id, c.Name, c.City, c.TimeZoneId, c.Doctors.Count, c.RetiredAt != null))
            .ToListAsync(ct);

    public async Task<ClinicDetails?> FindAsync(int id, CancellationToken ct)
    {
        var clinic = await db.Clinics.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new
            {
                Clinic = c,
                Doctors = c.Doctors.OrderBy(d => d.FamilyName).ThenBy(d => d.GivenName).ThenBy(d => d.Id)
                    .Select(d => new ClinicDoctor(d.Id, d.Title + " " + d.GivenName + " " + d.FamilyName, d.IsListed)).ToList(),
            })
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);
        if (clinic is null) return null;
        var c = clinic.Clinic;
        var zone = DateTimeZoneProviders.Tzdb[c.TimeZoneId];
        return new ClinicDetails(c.Id, c.Name, c.AddressLine, c.Postcode, c.City, c.CountryCode, c.Latitude, c.Longitude, c.TimeZoneId,
            c.Phone, c.OpeningNotes, c.Policy.CancellationLimitHours, c.Policy.RescheduleLimitHours, c.Policy.MaxUpcomingPerDoctor,
            c.Policy.MaxReschedules, c.Policy.AutoConfirm, c.RetiredAt is { } retired ? IsoTime.Format(retired, zone) : null, clinic.Doctors);
    }

    /// <summary>Every doctor not at the clinic, by name: whom an administrator may assign to it.</summary>
    public async Task<IReadOnlyList<ClinicDoctor>> OthersAsync(int clinicId, CancellationToken ct) =>
        await db.Doctors.AsNoTracking().Where(d => !d.Clinics.Any(c => c.Id == clinicId))
            .OrderBy(d => d.FamilyName).ThenBy(d => d.GivenName).ThenBy(d => d.Id)
            .Select(d => new ClinicDoctor(d.Id, d.Title + " " + d.GivenName + " " + d.FamilyName, d.IsListed))
            .ToListAsync(ct);

    /// <summary>
    /// The active appointments at the clinic that have not ended (of one doctor, when given), soonest first: what keeps the
    /// clinic open or the doctor at it.
    /// </summary>
    internal static async Task<IReadOnlyList<ClinicAppointment>> StillToComeAsync(CareSlotDb db, int clinicId, int? doctorId, Instant now,
        CancellationToken ct)
    {
        var zoneId = await db.Clinics.Where(c => c.Id == clinicId).Select(c => c.TimeZoneId).SingleAsync(ct);
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var rows = await db.Appointments.AsNoTracking()
            .Where(a => a.ClinicId == clinicId && AppointmentStatusRules.Active.Contains(a.Status) && a.End > now
                && (doctorId == null || a.DoctorId == doctorId))
            .Join(db.Doctors, a => a.DoctorId, d => d.Id, (a, d) => new { a.Id, a.Start, Doctor = d.Title + " " + d.GivenName + " " + d.FamilyName })
            .OrderBy(a => a.Start)
            .ToListAsync(ct);
        return [.. rows.Select(a => new ClinicAppointment(a.Id, IsoTime.Format(a.Start, zone), a.Doctor) { LocalStart = a.Start.InZone(zone) })];
    }
}
