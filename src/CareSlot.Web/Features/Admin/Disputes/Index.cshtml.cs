using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Disputes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin.Disputes;

/// <summary>
/// The administrators' queue of disputes: in progress (or in one state), of one kind or any, oldest in its state first, each
/// with its SLA clock. A filter that is no state or kind is a 400 with the message next to it, and the unfiltered queue.
/// </summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class IndexModel(DisputeQueries queries, IStringLocalizer<DisputesText> text) : PageModel
{
    public IReadOnlyList<DisputeQueueRow> Rows { get; private set; } = [];
    public DisputeQueueFilter Filter { get; private set; } = new(null, null);
    private IDictionary<string, string[]> errors = new Dictionary<string, string[]>();

    public async Task OnGetAsync(string? state, string? kind, CancellationToken ct)
    {
        var parsed = DisputeQueueFilter.Parse(state, kind, text);
        if (parsed.Problem?.Errors is { } problems)
        {
            errors = problems;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else
        {
            Filter = parsed.Value!;
        }
        Rows = await queries.QueueAsync(Filter.State, Filter.Kind, ct);
    }

    public string? Error(string key) => errors.TryGetValue(key, out var messages) ? messages[0] : null;
}
