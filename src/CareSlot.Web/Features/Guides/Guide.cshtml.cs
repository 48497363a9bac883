using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Guides;

/// <summary>
/// One guide: its numbered steps, each with its screenshot when the media folder has it, and the video with captions.
/// Without media (a fresh install, before any browser test run) the steps show as text alone, never as broken pictures.
/// </summary>
public sealed class GuideModel(GuideMedia media) : PageModel
{
    public Guide Guide { get; private set; } = GuideCatalog.All[0];

    public GuideMediaSet Media { get; private set; } = new(new Dictionary<int, string>(), null, new Dictionary<string, string>());

    /// <summary>The captions shown by default: the page's language when the guide has them, else English.</summary>
    public string DefaultCaptions => Media.Captions.ContainsKey(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName)
        ? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName
        : "en";

    public IActionResult OnGet(string slug)
    {
        if (GuideCatalog.Find(slug) is not { } guide) return NotFound();
        Guide = guide;
        Media = media.For(guide);
        return Page();
    }

    /// <summary>A captions track's name in its own language, as players list them.</summary>
    public static string LanguageName(string language) => language switch
    {
        "de" => "Deutsch",
        _ => "English",
    };
}
