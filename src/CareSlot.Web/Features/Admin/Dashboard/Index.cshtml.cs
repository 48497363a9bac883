using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Admin.Dashboard;

/// <summary>
/// The dashboard: complete without JavaScript (a Refresh link reloads it); with it, dashboard.js swaps in the figures
/// from the Figures handler every 30 seconds.
/// </summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class IndexModel(DashboardQuery query) : PageModel
{
    public DashboardFigures Figures { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Figures = await query.ReadAsync(ct);

    /// <summary>Only the figures, for the script to swap in.</summary>
    public async Task<PartialViewResult> OnGetFiguresAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        return Partial("_Figures", await query.ReadAsync(ct));
    }
}
