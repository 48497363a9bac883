using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Admin.Clinics;

[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class IndexModel(ClinicQueries queries) : PageModel
{
    public IReadOnlyList<ClinicListItem> Clinics { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Clinics = await queries.ListAsync(ct);
}
