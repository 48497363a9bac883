using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Doctors;

/// <summary>
/// The demo directory: 5 clinics in Berlin, London and New York (three time zones), 10 specialties and
/// 40 fictional doctors. Phone numbers are from ranges the regulators reserve for fiction.
/// </summary>
public static class DirectoryDemoData
{
    private static readonly (string Slug, string Name)[] SpecialtyRows =
    [
        ("general-practice", "General practice"), ("cardiology", "Cardiology"), ("dermatology", "Dermatology"),
        ("paediatrics", "Paediatrics"), ("gynaecology", "Gynaecology"), ("orthopaedics", "Orthopaedics"),
        ("ophthalmology", "Ophthalmology"), ("psychiatry", "Psychiatry"), ("ent", "Ear, nose and throat"),
        ("neurology", "Neurology"),
    ];

    private static readonly Clinic[] ClinicRows =
    [
        new("Spreebogen Health Centre", "Beispielstraße 12", "Berlin", "10115", "DE", 52.5321, 13.3849, "Europe/Berlin", "+493023125010"),
        new("Tiergarten Family Practice", "Musterallee 4", "Berlin", "10785", "DE", 52.5096, 13.3700, "Europe/Berlin", "+493023125020"),
        new("Thames Bank Clinic", "7 Example Row", "London", "SE1 9SG", "GB", 51.5045, -0.0865, "Europe/London", "+442079460101"),
        new("Hudson Street Medical", "210 Sample Avenue", "New York", "10013", "US", 40.7205, -74.0087, "America/New_York", "+12125550101"),
        new("Riverside Heights Clinic", "88 Placeholder Road", "New York", "10027", "US", 40.8116, -73.9590, "America/New_York", "+12125550102"),
    ];

    private static readonly string[] GivenNames =
    [
        "Amara", "Bastian", "Celine", "Darius", "Elin", "Florian", "Greta", "Hamid", "Ines", "Jonah",
        "Kaia", "Lorenz", "Mira", "Nils", "Odile", "Pavel", "Quinn", "Rosa", "Soren", "Talia",
    ];

    private static readonly string[] FamilyNames =
    [
        "Ashgrove", "Brightwell", "Copperfield", "Dunmere", "Elderbrook", "Fernhollow", "Glenmarsh", "Hawthorne",
        "Ivybridge", "Juniperly", "Kestrelton", "Larkspur", "Mossbury", "Nettlefold", "Oakhurst", "Pebblestone",
        "Quillfeather", "Rookwood", "Silverdale", "Thistlewood", "Umberfield", "Valeford", "Willowmere", "Yarrowby",
    ];

    private static readonly string[][] LanguageSets = [["en"], ["de", "en"], ["en", "es"], ["de", "en", "tr"], ["en", "fr"], ["en", "pt"]];

    public const int DoctorCount = 40;

    /// <summary>Adds whatever part of the demo directory is missing and returns how many rows it added.</summary>
    public static async Task<int> ApplyAsync(CareSlotDb db, CancellationToken ct)
    {
        var specialties = await db.Specialties.ToDictionaryAsync(s => s.Slug, ct);
        foreach (var (slug, name) in SpecialtyRows.Where(row => !specialties.ContainsKey(row.Slug)))
        {
            specialties[slug] = db.Specialties.Add(new Specialty(slug, name)).Entity;
        }

        var clinics = await db.Clinics.ToDictionaryAsync(c => c.Name, ct);
        foreach (var row in ClinicRows.Where(row => !clinics.ContainsKey(row.Name)))
        {
            clinics[row.Name] = db.Clinics.Add(new Clinic(row.Name, row.AddressLine, row.City, row.Postcode,
                row.CountryCode, row.Latitude, row.Longitude, row.TimeZoneId, row.Phone)).Entity;
        }

        var existingDoctors = (await db.Doctors.Select(d => new { d.GivenName, d.FamilyName }).ToListAsync(ct))
            .Select(d => (d.GivenName, d.FamilyName)).ToHashSet();
        var clinicList = ClinicRows.Select(row => clinics[row.Name]).ToArray();
        for (var i = 0; i < DoctorCount; i++)
        {
            var givenName = GivenNames[i % GivenNames.Length];
            var familyName = FamilyNames[(i * 7) % FamilyNames.Length];
            if (existingDoctors.Contains((givenName, familyName))) continue;

            var primary = specialties[SpecialtyRows[i % SpecialtyRows.Length].Slug];
            var clinic = clinicList[i % clinicList.Length];
            var doctor = new Doctor(
                title: i % 9 == 0 ? "Prof. Dr." : "Dr.",
                givenName, familyName,
                bio: $"{givenName} {familyName} is a fictional {primary.Name.ToLowerInvariant()} specialist at " +
                     $"{clinic.Name} in {clinic.City}, created as CareSlot demo data. Not a real person.",
                languages: [.. LanguageSets[i % LanguageSets.Length]],
                acceptingNewPatients: i % 5 != 4,
                isListed: true);
            doctor.Specialties.Add(primary);
            if (i % 4 == 0 && primary.Slug != "general-practice") doctor.Specialties.Add(specialties["general-practice"]);
            doctor.Clinics.Add(clinic);
            if (i % 6 == 0) doctor.Clinics.Add(clinicList[(i + 1) % clinicList.Length]);
            doctor.RefreshSearchKey();
            db.Doctors.Add(doctor);
        }

        return await db.SaveChangesAsync(ct);
    }
}
