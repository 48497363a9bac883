using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Doctors;

public sealed class IndexModel(SearchDoctors searchDoctors, ListSpecialties listSpecialties, IClock clock, IStringLocalizer<DoctorsText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Specialty { get; set; }
    [BindProperty(SupportsGet = true)] public string? City { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? PageSize { get; set; }
    [BindProperty(SupportsGet = true)] public string? Visit { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Lat { get; set; }
    [BindProperty(SupportsGet = true)] public string? Lon { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public SearchFormModel SearchForm { get; private set; } = null!;

    /// <summary>Problems with parameters that have no field on the form (paging), shown above the results.</summary>
    public IReadOnlyList<string> OtherErrors { get; private set; } = [];
    public Page<DoctorSummary>? Results { get; private set; }
    public string Heading { get; private set; } = text["Find a doctor"];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var specialties = text.InReadersLanguage(await listSpecialties.HandleAsync(ct));
        // "page" is Razor Pages' own route value, so the page number is read from the query string itself.
        var (search, errors) = SearchDoctorsRequest.From(
            new DoctorSearchInput(Specialty, City, Q, Request.Query["page"], PageSize, Sort, Visit, Lat, Lon, From, To), clock.GetCurrentInstant(), text);
        // Text the binder refused (control characters) is shown next to its field and never searched for.
        foreach (var (key, entry) in ModelState.Where(e => e.Key.Length > 0 && e.Value!.Errors.Count > 0))
        {
            errors[char.ToLowerInvariant(key[0]) + key[1..]] = [entry!.Errors[0].ErrorMessage];
            search = null;
        }
        SearchForm = new SearchFormModel(specialties, Specialty, City, Q, errors) { Visit = Visit, Sort = Sort, From = From, To = To };
        if (search is null)
        {
            OtherErrors = [.. errors.Where(e => e.Key is "page" or "pageSize" or "lat" or "lon").SelectMany(e => e.Value)];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var specialtyName = specialties.FirstOrDefault(s => string.Equals(s.Slug, search.Specialty, StringComparison.OrdinalIgnoreCase))?.Name;
        Heading = (specialtyName, search.City) switch
        {
            (not null, not null) => text["{0} in {1}", specialtyName, search.City],
            (not null, null) => specialtyName,
            (null, not null) => text["Doctors in {0}", search.City],
            _ => text["Find a doctor"],
        };
        Results = await searchDoctors.HandleAsync(search, ct);
        return Page();
    }

    public string PageLink(int number)
    {
        var query = new Dictionary<string, string?> { ["specialty"] = Specialty, ["city"] = City, ["q"] = Q, ["pageSize"] = PageSize, ["visit"] = Visit, ["sort"] = Sort, ["lat"] = Lat, ["lon"] = Lon, ["from"] = From, ["to"] = To, ["page"] = number.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return QueryHelpers.AddQueryString("/doctors", query.Where(p => !string.IsNullOrWhiteSpace(p.Value)));
    }
}
