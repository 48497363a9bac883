using System.ComponentModel.DataAnnotations;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Web;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Doctors;

public sealed record DoctorProfileRequest(string? Title, [DataType(DataType.MultilineText)] string? Bio, IReadOnlyList<string>? Languages, bool AcceptingNewPatients,
    IReadOnlyList<string>? Specialties, IReadOnlyList<int>? ClinicIds, string? LicenceNumber);

public sealed record DoctorProfileResult(Dictionary<string, string[]> Errors, bool NeedsReapproval);

/// <summary>A doctor edits their own directory entry; a changed licence number sends it back for approval.</summary>
public sealed class EditDoctorProfile(CareSlotDb db, IOutputCacheStore outputCache, IStringLocalizer<DoctorsText> text, IStringLocalizer<WebText> words)
{
    public static readonly IReadOnlyList<string> Titles = ["Dr.", "Prof. Dr.", "Prof."];
    public static readonly IReadOnlyList<string> SupportedLanguages = ["en", "de", "fr", "es", "pt", "tr", "it", "pl", "ar"];

    public Task<Doctor?> FindAsync(Guid accountId, CancellationToken ct) =>
        db.Doctors.Include(d => d.Specialties).Include(d => d.Clinics).AsSplitQuery().SingleOrDefaultAsync(d => d.AccountId == accountId, ct);

    public async Task<DoctorProfileResult> HandleAsync(Doctor doctor, DoctorProfileRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        // The form hands everything to this use case, so it checks the text itself before any of it reaches a query.
        TextInspector.AddProblems(request, errors, words);
        if (errors.Count > 0) return new(errors, false);
        var title = request.Title?.Trim() ?? "";
        if (!Titles.Contains(title)) errors["title"] = [text["Choose a title from the list."]];
        var bio = request.Bio?.Trim() ?? "";
        if (bio.Length > 2000) errors["bio"] = [text["The biography must be at most 2,000 characters."]];
        // A form posts an empty value for "none chosen" (Input.Languages=), which binds as a null entry.
        var languages = Chosen(request.Languages);
        if (languages.Count == 0 || languages.Any(l => !SupportedLanguages.Contains(l))) errors["languages"] = [text["Choose at least one language from the list."]];

        var slugs = Chosen(request.Specialties);
        var specialties = await db.Specialties.Where(s => slugs.Contains(s.Slug)).ToListAsync(ct);
        if (slugs.Count == 0 || specialties.Count != slugs.Count) errors["specialties"] = [text["Choose at least one specialty from the list."]];
        var clinicIds = (request.ClinicIds ?? []).Distinct().ToList();
        // A retired clinic takes no new doctors; one already there may keep it.
        var clinics = await db.Clinics.Where(c => clinicIds.Contains(c.Id) && (c.RetiredAt == null || c.Doctors.Any(d => d.Id == doctor.Id))).ToListAsync(ct);
        if (clinicIds.Count == 0 || clinics.Count != clinicIds.Count) errors["clinicIds"] = [text["Choose at least one clinic from the list."]];

        var licence = request.LicenceNumber?.Trim() ?? "";
        if (licence.Length is 0 or > 64) errors["licenceNumber"] = [text["Enter your professional licence number (at most 64 characters)."]];
        if (errors.Count > 0) return new(errors, false);

        var wasListed = doctor.IsListed;
        doctor.Edit(title, bio, languages, request.AcceptingNewPatients, specialties, clinics);
        doctor.ChangeLicence(licence);
        await db.SaveChangesAsync(ct);
        await DirectoryCache.EvictAsync(outputCache, ct);
        return new(errors, wasListed && !doctor.IsListed);
    }

    private static List<string> Chosen(IReadOnlyList<string?>? values) =>
        [.. (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim().ToLowerInvariant()).Distinct()];
}
