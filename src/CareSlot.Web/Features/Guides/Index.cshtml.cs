using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Guides;

/// <summary>The guides by audience (patients first), for visitors and the signed in alike.</summary>
public sealed class IndexModel : PageModel
{
    public IReadOnlyList<(GuideAudience Audience, IReadOnlyList<Guide> Guides)> Groups { get; } =
        [.. GuideCatalog.All.GroupBy(g => g.Audience).OrderBy(g => g.Key).Select(g => (g.Key, (IReadOnlyList<Guide>)[.. g]))];

    public void OnGet()
    {
    }
}
