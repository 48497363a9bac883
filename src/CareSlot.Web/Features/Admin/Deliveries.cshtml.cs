using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Notifications.Outbox;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin;

[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class DeliveriesModel(DeliveryLog log, IStringLocalizer<AdminText> text) : PageModel
{
    public IReadOnlyList<DeliveryEntry> Entries { get; private set; } = [];
    public int Total { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public OutboxState? Filter => Enum.TryParse<OutboxState>(State, ignoreCase: true, out var state) && Enum.IsDefined(state) ? state : null;

    public int PageCount => Math.Max(1, (Total + DeliveryLog.PageSize - 1) / DeliveryLog.PageSize);

    [TempData]
    public string? Message { get; set; }

    /// <summary>Why the state asked for cannot be shown; all messages are shown instead.</summary>
    public string? StateError { get; private set; }

    /// <summary>A state as administrators read it, in their language.</summary>
    public string StateName(OutboxState state) => state switch
    {
        OutboxState.Pending => text["Pending"],
        OutboxState.Sent => text["Sent"],
        OutboxState.Failed => text["Failed"],
        OutboxState.Withdrawn => text["Withdrawn"],
        OutboxState.Skipped => text["Skipped"],
        _ => state.ToString(),
    };

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(State) && Filter is null)
        {
            StateError = ModelState[nameof(State)]?.Errors.FirstOrDefault()?.ErrorMessage ?? text["Choose one of the states in the list."];
            State = null;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        PageNumber = Math.Max(1, PageNumber);
        (Entries, Total) = await log.ListAsync(Filter, PageNumber, ct);
    }

    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken ct)
    {
        Message = await log.RetryAsync(id, ct)
            ? text["Message {0} is queued again and goes out within a few seconds.", id]
            : text["Message {0} has not failed (any more), so there is nothing to retry.", id];
        return RedirectToPage(new { state = State });
    }
}
