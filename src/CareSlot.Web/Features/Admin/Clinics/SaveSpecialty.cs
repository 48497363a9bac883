using System.Text.RegularExpressions;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin.Clinics;

/// <summary>A new specialty: its slug (fixed once made: it is in search addresses and API requests) and its English name.</summary>
public sealed record NewSpecialtyRequest(string? Slug, string? Name);

/// <summary>A specialty's new name.</summary>
public sealed record RenameSpecialtyRequest(string? Name);

/// <summary>
/// Adds and renames specialties, each with its audit row. Names are stored in English; the directory shows the German
/// text of DoctorsText where it has one for that name and the stored name otherwise.
/// </summary>
public sealed partial class SaveSpecialty(CareSlotDb db, AuditTrail audit, SpecialtyQueries queries, ClinicDirectory directory,
    IStringLocalizer<AdminText> text)
{
    public const int SlugMaxLength = 64;
    public const int NameMaxLength = 128;

    public async Task<Outcome<SpecialtyListItem>> CreateAsync(NewSpecialtyRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var slug = request.Slug?.Trim().ToLowerInvariant() ?? "";
        if (slug.Length is 0 or > SlugMaxLength || !SlugPattern().IsMatch(slug))
        {
            errors["slug"] = [text["Enter a slug of lower-case letters, digits and hyphens (at most {0}), for example sports-medicine.", SlugMaxLength]];
        }
        else if (await db.Specialties.AnyAsync(s => s.Slug == slug, ct))
        {
            errors["slug"] = [text["Another specialty already has this slug."]];
        }
        var name = await CheckNameAsync(request.Name, null, errors, ct);
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);

        var specialty = new Specialty(slug, name!);
        db.Specialties.Add(specialty);
        return await SaveAsync(specialty, AuditActions.SpecialtyCreated, ct);
    }

    public async Task<Outcome<SpecialtyListItem>> RenameAsync(int id, RenameSpecialtyRequest request, CancellationToken ct)
    {
        var specialty = await db.Specialties.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (specialty is null) return NotFound(text);
        var errors = new Dictionary<string, string[]>();
        var name = await CheckNameAsync(request.Name, id, errors, ct);
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        specialty.Rename(name!);
        return await SaveAsync(specialty, AuditActions.SpecialtyRenamed, ct);
    }

    internal static UseCaseProblem NotFound(IStringLocalizer<AdminText> text) =>
        UseCaseProblem.NotFound(text["Specialty not found."], text["There is no specialty with that id."]);

    private async Task<string?> CheckNameAsync(string? input, int? ownId, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var name = input?.Trim();
        if (InputText.IsBlank(name) || name!.Length > NameMaxLength)
        {
            errors["name"] = [text["Enter the specialty's name (at most {0} characters).", NameMaxLength]];
            return null;
        }
        // Specialties are few: comparing in memory gives the same case-insensitive answer on both providers.
        var others = await db.Specialties.AsNoTracking().Where(s => s.Id != (ownId ?? 0)).Select(s => s.Name).ToListAsync(ct);
        if (others.Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase))) errors["name"] = [text["Another specialty already has this name."]];
        return name;
    }

    private async Task<Outcome<SpecialtyListItem>> SaveAsync(Specialty specialty, string action, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await db.SaveChangesAsync(ct);
                // Doctors' search keys hold their specialties' names.
                var doctors = await db.Doctors.Include(d => d.Clinics).Include(d => d.Specialties).AsSplitQuery()
                    .Where(d => d.Specialties.Any(s => s.Id == specialty.Id)).ToListAsync(ct);
                foreach (var doctor in doctors) doctor.RefreshSearchKey();
                await db.SaveChangesAsync(ct);
                await audit.RecordAsync(new AuditEvent(action, AuditOutcome.Allowed, Record: $"specialty {specialty.Id} {specialty.Slug}"), ct);
                await transaction.CommitAsync(ct);
            });
        }
        catch (DbUpdateException)
        {
            // Another administrator took the slug or the name between the check and the save: the unique indexes decided.
            db.ChangeTracker.Clear();
            return new UseCaseProblem(StatusCodes.Status409Conflict, text["The specialty changed meanwhile."],
                text["Another specialty took this slug or name a moment ago. Reload the page and try again."]);
        }
        await directory.CommittedAsync(ct);
        return new Outcome<SpecialtyListItem>((await queries.FindAsync(specialty.Id, ct))!, null);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}
