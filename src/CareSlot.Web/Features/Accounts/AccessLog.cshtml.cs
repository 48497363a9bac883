using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Accounts;

/// <summary>A patient's "who looked at my record, and when" (<see cref="Accounts.AccessLog"/>).</summary>
[Authorize(Roles = Roles.Patient)]
public sealed class AccessLogModel(AccessLog accessLog, UserManager<Account> users) : PageModel
{
    public AccessLogPage Log { get; private set; } = new(1, false, []);

    /// <summary>Why the page asked for cannot be shown; the newest page is shown instead.</summary>
    public string? PageError { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Guid.TryParse(users.GetUserId(User), out var me)) return Challenge();
        // Read from the query itself: "page" is also Razor Pages' route value naming this page, which binding would find first.
        var query = Request.Query["page"];
        if (query.Count > 1 || !AccessLog.TryParsePage(query.ToString(), out var page))
        {
            PageError = accessLog.InvalidPage;
            page = 1;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        Log = await accessLog.ListAsync(me, page, ct);
        return Page();
    }
}
