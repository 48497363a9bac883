using System.Security.Claims;
using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.HelpDesk;

/// <summary>The signed-in person's own help requests, most recently changed first.</summary>
[Authorize(Policy = AccountPolicies.SignedIn)]
public sealed class IndexModel(TicketQueries queries, IOptions<HelpDeskOptions> options) : PageModel
{
    public IReadOnlyList<TicketSummary> Tickets { get; private set; } = [];

    public NodaTime.DateTimeZone Zone => options.Value.Zone;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var accountId)) return Forbid();
        Tickets = await queries.MineAsync(accountId, ct);
        return Page();
    }
}
