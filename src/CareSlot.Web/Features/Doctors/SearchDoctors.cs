using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Doctors;

/// <summary>Finds listed doctors by specialty, city or postcode, and free text; used by the directory page and the API.</summary>
public sealed class SearchDoctors(CareSlotDb db)
{
    /// <summary>More words than this add nothing to a name search and only cost LIKE scans.</summary>
    private const int MaxTerms = 8;

    public async Task<Page<DoctorSummary>> HandleAsync(DoctorSearch search, CancellationToken ct)
    {
        var doctors = db.Doctors.AsNoTracking().Where(d => d.IsListed);

        if (search.Specialty is { } specialty)
        {
            var slug = specialty.ToLowerInvariant();
            doctors = doctors.Where(d => d.Specialties.Any(s => s.Slug == slug));
        }

        if (search.City is { } city)
        {
            var key = SearchText.Fold(city);
            var postcode = city.ToUpperInvariant();
            doctors = doctors.Where(d => d.Clinics.Any(c => c.CityKey == key || c.Postcode == postcode));
        }

        // Folded terms hold only letters, digits and spaces, so they need no LIKE escaping.
        foreach (var term in Terms(search.Q))
        {
            var pattern = "%" + term + "%";
            doctors = doctors.Where(d => EF.Functions.Like(d.SearchKey, pattern));
        }

        var total = await doctors.CountAsync(ct);
        var items = await doctors
            .OrderBy(d => d.FamilyName).ThenBy(d => d.GivenName).ThenBy(d => d.Id)
            .Skip((search.Page - 1) * search.PageSize).Take(search.PageSize)
            .Select(d => new DoctorSummary(d.Id, d.Title + " " + d.GivenName + " " + d.FamilyName,
                d.Title, d.GivenName, d.FamilyName,
                d.Specialties.OrderBy(s => s.Name).Select(s => new SpecialtyItem(s.Slug, s.Name)).ToList(),
                d.Clinics.OrderBy(c => c.Name).Select(c => new ClinicSummary(c.Id, c.Name, c.City)).ToList(),
                d.Languages, d.AcceptingNewPatients))
            .AsSplitQuery()
            .ToListAsync(ct);

        return new Page<DoctorSummary>(items, search.Page, search.PageSize, total);
    }

    private static IEnumerable<string> Terms(string? q) =>
        q is null ? [] : SearchText.Fold(q).Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().Take(MaxTerms);
}
