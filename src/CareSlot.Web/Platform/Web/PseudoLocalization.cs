using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Platform.Web;

/// <summary>
/// A language for tests only (<c>qps-ploc</c>, switched on by <see cref="Setting"/>): every text that goes through a
/// localizer comes out accented, a third longer and in brackets ("[Ƒíñð á ðóçţóŕ ~~~~]"), so a browser walk can tell
/// it from text written into a page by hand, and longer languages' overflow shows before a translator finds it.
/// Placeholders, HTML tags and entities inside a text are left as they are.
/// </summary>
public static class PseudoLocalization
{
    public const string Setting = "Site:PseudoLocalization";

    public const string Culture = "qps-ploc";

    public static bool IsOn(IConfiguration configuration) => configuration.GetValue<bool>(Setting);

    /// <summary>Wraps every localizer the app makes; they answer as before in every other language.</summary>
    public static IServiceCollection AddPseudoLocalization(this IServiceCollection services)
    {
        services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        services.AddSingleton<IStringLocalizerFactory>(provider =>
            new Factory(provider.GetRequiredService<ResourceManagerStringLocalizerFactory>()));
        return services;
    }

    private const string Plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Accented = "áƀçðéƒĝĥíĵķļɱñóþǫŕšţúṽŵẋýžÁƁÇÐÉƑĜĤÍĴĶĻṀÑÓÞǪŔŠŢÚṼŴẊÝŽ";

    /// <summary>"Find a {0}" → "[Ƒíñð á {0} ~~~~]".</summary>
    public static string Transform(string text)
    {
        var result = new StringBuilder(text.Length * 2).Append('[');
        var letters = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            // Copy placeholders, tags and entities whole: {0}, <strong>, &amp;.
            var close = c switch { '{' => '}', '<' => '>', '&' => ';', _ => '\0' };
            var end = close == '\0' ? -1 : text.IndexOf(close, i + 1);
            if (end > i && (c != '&' || end - i <= 8))
            {
                result.Append(text, i, end - i + 1);
                i = end;
                continue;
            }
            var index = Plain.IndexOf(c, StringComparison.Ordinal);
            result.Append(index >= 0 ? Accented[index] : c);
            if (char.IsLetter(c)) letters++;
        }
        // The padding comes in words of at most ten, like a long German compound, so it wraps where a translation would.
        for (var padding = Math.Max(1, (letters + 2) / 3); padding > 0; padding -= 10) result.Append(' ').Append('~', Math.Min(10, padding));
        return result.Append(']').ToString();
    }

    private static bool Active => CultureInfo.CurrentUICulture.Name.Equals(Culture, StringComparison.OrdinalIgnoreCase);

    private sealed class Factory(ResourceManagerStringLocalizerFactory inner) : IStringLocalizerFactory
    {
        public IStringLocalizer Create(Type resourceSource) => new Localizer(inner.Create(resourceSource));

        public IStringLocalizer Create(string baseName, string location) => new Localizer(inner.Create(baseName, location));
    }

    private sealed class Localizer(IStringLocalizer inner) : IStringLocalizer
    {
        public LocalizedString this[string name] => Pseudo(inner[name]);

        public LocalizedString this[string name, params object[] arguments] =>
            Active ? new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, Transform(inner[name].Value), arguments)) : inner[name, arguments];

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures).Select(Pseudo);

        private static LocalizedString Pseudo(LocalizedString text) =>
            Active ? new LocalizedString(text.Name, Transform(text.Value), text.ResourceNotFound, text.SearchedLocation) : text;
    }
}
