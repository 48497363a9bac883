using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Admin.Clinics;

/// <summary>The specialties as administrators see them: with their slugs and how many doctors have each.</summary>
public sealed class SpecialtyQueries(CareSlotDb db)
{
    public async Task<IReadOnlyList<SpecialtyListItem>> ListAsync(CancellationToken ct) =>
        await db.Specialties.AsNoTracking().OrderBy(s => s.Name)
            .Select(s => new SpecialtyListItem(s.Id, s.Slug, s.Name, s.Doctors.Count))
            .ToListAsync(ct);

    public Task<SpecialtyListItem?> FindAsync(int id, CancellationToken ct) =>
        db.Specialties.AsNoTracking().Where(s => s.Id == id)
            .Select(s => new SpecialtyListItem(s.Id, s.Slug, s.Name, s.Doctors.Count))
            .SingleOrDefaultAsync(ct);
}
