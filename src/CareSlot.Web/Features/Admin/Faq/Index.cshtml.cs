using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Help;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Admin.Faq;

/// <summary>Every FAQ entry in both languages, published or not, with how many found it helpful and how many did not.</summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class IndexModel(FaqQueries queries) : PageModel
{
    public IReadOnlyList<FaqAdminRow> Rows { get; private set; } = [];

    [Microsoft.AspNetCore.Mvc.TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Rows = await queries.ListForAdminAsync(ct);
}
