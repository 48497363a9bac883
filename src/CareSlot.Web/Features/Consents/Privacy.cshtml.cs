using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Consents;

/// <summary>
/// The person's consents: each purpose with its state and one button that turns it the other way (no confirmation step:
/// withdrawing must be as easy as giving, Art. 7(3)), and every record below.
/// </summary>
[Authorize]
public sealed class PrivacyModel(ConsentLedger ledger, ConsentDisplay display, UserManager<Accounts.Account> users, IStringLocalizer<ConsentsText> text)
    : PageModel
{
    public ConsentOverview Overview { get; private set; } = new("", false, [], []);

    public DateTimeZone Zone { get; private set; } = DateTimeZone.Utc;

    /// <summary>What the last click did, said back.</summary>
    [TempData]
    public string? Message { get; set; }

    public string? PurposeError { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public Task<IActionResult> OnPostGiveAsync(string? purpose, CancellationToken ct) => ChangeAsync(purpose, true, ct);

    public Task<IActionResult> OnPostWithdrawAsync(string? purpose, CancellationToken ct) => ChangeAsync(purpose, false, ct);

    private async Task<IActionResult> ChangeAsync(string? purpose, bool given, CancellationToken ct)
    {
        if (!Guid.TryParse(users.GetUserId(User), out var me)) return Challenge();
        if (!ConsentNames.TryParse(purpose, out var known))
        {
            PurposeError = text["Choose one of the purposes listed on this page."];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await ShowAsync(ct);
        }
        var state = await ledger.ChangeAsync(me, known, given, ConsentSource.AccountPage, ct);
        Message = state.Given ? text["You gave your consent to: {0}.", ConsentNames.Title(known, text)] : text["You withdrew your consent to: {0}.", ConsentNames.Title(known, text)];
        return RedirectToPage();
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        if (!Guid.TryParse(users.GetUserId(User), out var me)) return Challenge();
        Overview = await ledger.OverviewAsync(me, ct);
        Zone = await display.ZoneAsync(me, ct);
        return Page();
    }
}
