using CareSlot.Web.Features.Doctors;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features;

public sealed class IndexModel(ListSpecialties listSpecialties, IStringLocalizer<DoctorsText> doctorsText) : PageModel
{
    public SearchFormModel SearchForm { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) =>
        SearchForm = new SearchFormModel(doctorsText.InReadersLanguage(await listSpecialties.HandleAsync(ct)), null, null, null, new Dictionary<string, string[]>());
}
