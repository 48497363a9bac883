using System.Globalization;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Doctors;

/// <summary>
/// The last choice before English, for a doctor's public page: the language of the country their clinic is in, when
/// neither the person (preference, switcher) nor their browser names a language the site offers. A visitor from
/// a search engine who lands on a Berlin doctor's page reads it in German.
/// </summary>
public sealed class ClinicLanguage : RequestCultureProvider
{
    /// <summary>Countries whose everyday language the site speaks, by ISO 3166 code; English is everyone else's fallback.</summary>
    private static readonly Dictionary<string, string> LanguageOfCountry = new(StringComparer.OrdinalIgnoreCase)
    {
        ["DE"] = "de", ["AT"] = "de", ["LI"] = "de",
    };

    public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        if (httpContext.Request.RouteValues["page"] as string != "/Doctors/Profile"
            || !int.TryParse(httpContext.Request.RouteValues["id"] as string, NumberStyles.None, CultureInfo.InvariantCulture, out var doctorId))
        {
            return null;
        }
        var db = httpContext.RequestServices.GetRequiredService<CareSlotDb>();
        var country = await db.Doctors.Where(d => d.Id == doctorId && d.IsListed)
            .SelectMany(d => d.Clinics).OrderBy(c => c.Id).Select(c => c.CountryCode).FirstOrDefaultAsync(httpContext.RequestAborted);
        return country is not null && LanguageOfCountry.TryGetValue(country, out var language) ? new ProviderCultureResult(language) : null;
    }
}
