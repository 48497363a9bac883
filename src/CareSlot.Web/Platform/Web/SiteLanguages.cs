using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace CareSlot.Web.Platform.Web;

/// <summary>
/// Which language a request is answered in: the signed-in person's preference, else the language cookie, else
/// Accept-Language, else whatever a feature adds after them (a doctor's page: their clinic's language), else English
/// (ADR 0012). Only the UI culture follows the person; formatting stays invariant, and dates and times are written per
/// language by ClinicTime.
/// </summary>
public static class SiteLanguages
{
    public const string Default = "en";

    public const string Setting = "Site:Languages";

    /// <summary>The claim that carries a signed-in person's preferred language (their profile's), set at sign-in.</summary>
    public const string PreferenceClaim = "careslot:language";

    /// <summary>Every language the app has text for, in the order a switcher lists them.</summary>
    public static readonly IReadOnlyList<string> Known = [Default, "de"];

    /// <summary>
    /// The languages offered (<see cref="Setting"/>, English always first). A language is offered once its translation
    /// is complete; until then a page would mix languages and announce the wrong one to screen readers.
    /// </summary>
    public static IReadOnlyList<string> Offered(IConfiguration configuration) =>
        [Default, .. Listed(configuration).Where(l => l != Default && Known.Contains(l)).Distinct()];

    private static IEnumerable<string> Listed(IConfiguration configuration) =>
        (configuration.GetSection(Setting).Get<string[]>() ?? []).Select(l => l.Trim().ToLowerInvariant());

    /// <summary>The languages a person can choose: every one offered except the test-only pseudo-language.</summary>
    public static IReadOnlyList<CultureInfo> Choosable(RequestLocalizationOptions options) =>
        [.. (options.SupportedUICultures ?? []).Where(c => !c.Name.Equals(PseudoLocalization.Culture, StringComparison.OrdinalIgnoreCase))];

    /// <summary>
    /// A whole number as the reader writes it ("10,000", "10.000"). Formatting is otherwise invariant (a form's "52.5"
    /// must read the same in every language), so numbers shown in sentences say their culture here.
    /// </summary>
    public static string Number(int value) => value.ToString("N0", CultureInfo.GetCultureInfo(CultureInfo.CurrentUICulture.Name));

    /// <summary>
    /// Speaks the request's language again where the error handlers run: they sit outside the localization middleware
    /// (an error anywhere must be caught), so by the time an exception or a bare status comes back to them the culture
    /// the middleware set has been restored; the choice it made stays on the request.
    /// </summary>
    public static void SpeakTheRequestsLanguage(HttpContext context)
    {
        if (context.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture is { } language) CultureInfo.CurrentUICulture = language;
    }

    public static IServiceCollection AddSiteLanguages(this IServiceCollection services, IConfiguration configuration)
    {
        var unknown = Listed(configuration).Where(l => !Known.Contains(l)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"{Setting} lists {string.Join(", ", unknown)}; the app has text for {string.Join(", ", Known)}.");
        }
        services.AddLocalization();
        var offered = Offered(configuration).Select(CultureInfo.GetCultureInfo).ToList();
        if (PseudoLocalization.IsOn(configuration))
        {
            services.AddPseudoLocalization();
            offered.Add(CultureInfo.GetCultureInfo(PseudoLocalization.Culture));
        }
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(CultureInfo.InvariantCulture, offered[0]);
            options.SupportedCultures = [CultureInfo.InvariantCulture];
            options.SupportedUICultures = offered;
            options.FallBackToParentUICultures = true;
            // The person's preference first, then the switcher's cookie, then the browser's. The API follows Accept-Language
            // alone: a client asks for the language of its answers.
            options.RequestCultureProviders =
            [
                new CustomRequestCultureProvider(context => Task.FromResult<ProviderCultureResult?>(
                    !context.Request.Path.StartsWithSegments("/api") && context.User.FindFirst(PreferenceClaim)?.Value is { Length: > 0 } preferred
                        ? new ProviderCultureResult(preferred)
                        : null)),
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return services;
    }
}
