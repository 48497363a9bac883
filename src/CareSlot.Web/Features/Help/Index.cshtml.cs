using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Help;

/// <summary>How to reach the clinic's support (phone and its hours, e-mail) and the way to the FAQ; for visitors and the signed in alike.</summary>
public sealed class IndexModel(IOptions<HelpOptions> options) : PageModel
{
    public HelpOptions Help => options.Value;

    /// <summary>"Monday to Friday" in the page's language.</summary>
    public (string First, string Last) Days => (Day(Help.FirstDay), Day(Help.LastDay));

    public string Opens => Help.Opens.ToString("HH:mm", CultureInfo.InvariantCulture);

    public string Closes => Help.Closes.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The number as a tel: link wants it: digits and a leading plus only.</summary>
    public string PhoneLink => "tel:" + string.Concat(Help.Phone.Where((c, i) => char.IsAsciiDigit(c) || c == '+' && i == 0));

    public void OnGet()
    {
    }

    // The UI culture, as the schedules do: formatting culture is invariant site-wide (SiteLanguages), the words are the page's.
    private static string Day(DayOfWeek day) => CultureInfo.CurrentUICulture.DateTimeFormat.GetDayName(day);
}
