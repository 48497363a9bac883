using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Doctors;

/// <summary>
/// The public fields of one listed doctor at their open clinics, or null when there is no such listed doctor or every
/// clinic of theirs is retired. From a standby when there is one (<see cref="StandbyReads"/>).
/// </summary>
public sealed class GetDoctorProfile(StandbyReads reads)
{
    private readonly CareSlotDb db = reads.Db;

    public Task<DoctorProfile?> HandleAsync(int id, CancellationToken ct) =>
        db.Doctors.AsNoTracking()
            .Where(d => d.Id == id && d.IsListed && d.Clinics.Any(c => c.RetiredAt == null))
            .Select(d => new DoctorProfile(d.Id, d.Title + " " + d.GivenName + " " + d.FamilyName,
                d.Title, d.GivenName, d.FamilyName, d.Bio,
                d.Specialties.OrderBy(s => s.Name).Select(s => new SpecialtyItem(s.Slug, s.Name)).ToList(),
                d.Clinics.Where(c => c.RetiredAt == null).OrderBy(c => c.Name).Select(c => new ClinicDetail(c.Id, c.Name, c.AddressLine, c.City,
                    c.Postcode, c.CountryCode, c.TimeZoneId, c.Phone, c.Latitude, c.Longitude, c.OpeningNotes)).ToList(),
                d.Languages, d.AcceptingNewPatients))
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);
}

/// <summary>Every specialty, by name; from a standby when there is one (<see cref="StandbyReads"/>).</summary>
public sealed class ListSpecialties(StandbyReads reads)
{
    private readonly CareSlotDb db = reads.Db;

    public async Task<IReadOnlyList<SpecialtyItem>> HandleAsync(CancellationToken ct) =>
        await db.Specialties.AsNoTracking()
            .OrderBy(s => s.Name)
            .Select(s => new SpecialtyItem(s.Slug, s.Name))
            .ToListAsync(ct);
}
