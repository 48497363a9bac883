using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.HelpDesk;

/// <summary>The support team's queue: what waits for a first answer first, soonest due, with the SLA clock.</summary>
[Authorize(Policy = AccountPolicies.SupportAgent)]
public sealed class QueueModel(TicketQueries queries, IOptions<HelpDeskOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "assigned")]
    public string? Assigned { get; set; }

    public IReadOnlyList<QueueRow> Rows { get; private set; } = [];

    public NodaTime.DateTimeZone Zone => options.Value.Zone;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var outcome = await queries.QueueAsync(TicketReader.From(User, null), new QueueFilter(Status, Assigned), ct);
        if (outcome.Problem is { Errors: { } errors })
        {
            foreach (var (field, messages) in errors) ModelState.AddModelError(field, messages[0]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Rows = outcome.Value!;
        return Page();
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
