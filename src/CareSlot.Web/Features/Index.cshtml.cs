using CareSlot.Web.Features.Doctors;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features;

public sealed class IndexModel(ListSpecialties listSpecialties) : PageModel
{
    public SearchFormModel SearchForm { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) =>
        SearchForm = new SearchFormModel(await listSpecialties.HandleAsync(ct), null, null, null, new Dictionary<string, string[]>());
}
