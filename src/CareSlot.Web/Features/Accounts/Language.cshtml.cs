using System.Globalization;
using CareSlot.Web.Platform.Web;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Accounts;

/// <summary>
/// Chooses the language the site speaks to this browser (the language cookie) and, when someone is signed in, to them
/// (their profile's preference, which their messages follow too); the switcher at the foot of every page posts here,
/// and the page itself is the way without it.
/// </summary>
public sealed class LanguageModel(IOptions<RequestLocalizationOptions> localization, TimeProvider time, IStringLocalizer<SharedText> text,
    ChoosePreferredLanguage choosePreferredLanguage) : PageModel
{
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(365);

    public IReadOnlyList<CultureInfo> Offered { get; } = SiteLanguages.Choosable(localization.Value);

    [BindProperty]
    public string? Culture { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet() => Culture = CultureInfo.CurrentUICulture.Name;

    public async Task<IActionResult> OnPostAsync()
    {
        if (ModelState.IsValid && Offered.FirstOrDefault(c => c.Name == Culture) is { } chosen)
        {
            if (User.Identity?.IsAuthenticated == true) await choosePreferredLanguage.HandleAsync(User, chosen.Name);
            Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions
                {
                    Expires = time.GetUtcNow() + CookieLifetime,
                    IsEssential = true,
                    HttpOnly = true,
                    Secure = Request.IsHttps,
                    SameSite = SameSiteMode.Lax,
                });
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }
        if (ModelState.IsValid) ModelState.AddModelError(nameof(Culture), text["Choose one of the languages listed."]);
        Culture = CultureInfo.CurrentUICulture.Name;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
